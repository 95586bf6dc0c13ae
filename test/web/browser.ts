/** What the browser specs share: Chromium, one context per person, and controls found by role and label. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { Api, type Session } from '../helpers/api';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_BUILD = join(__dirname, '..', '..', 'web', 'build', 'index.html');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(WEB_BUILD)) throw new Error('web/build is missing: run `npm run build -w web` first');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** People (browser contexts) for one spec; page errors and dialogs are collected as problems. */
export class People {
  readonly contexts: BrowserContext[] = [];
  readonly problems: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
  ) {}

  async page(name: string, opts: { token?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await this.browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    this.contexts.push(context);
    if (opts.token)
      await context.addInitScript((t) => localStorage.getItem('ccr.token') ?? localStorage.setItem('ccr.token', t), opts.token);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => this.problems.push(`${name}: ${e.message}`));
    page.on('dialog', (d) => {
      this.problems.push(`${name}: unexpected dialog "${d.message()}"`);
      void d.dismiss();
    });
    return page;
  }

  async signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${this.origin}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
  }
}

/** The line of the newest reset mail for `email` (in the app's development outbox) that holds the code, as the mail has it. */
export async function mailedCodeLine(app: TestApp, email: string): Promise<string> {
  const dir = join(app.config.dataDir, 'outbox');
  const tag = email.replace(/[^a-z0-9@.-]/gi, '_');
  for (let i = 0; i < 100; i++) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.includes(tag));
    } catch {
      // No mail written yet: the outbox folder comes with the first one.
    }
    const text = files.length ? readFileSync(join(dir, files.sort().at(-1)!), 'utf8') : '';
    const line = text.split('\n').find((l) => /^\s*\d{6}\s*$/.test(l));
    if (line) return line.replace(/\s+$/, '');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no reset mail for ${email}`);
}

export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
export const messages = (page: Page) => page.getByRole('log', { name: 'Messages' });
export const reconnecting = (page: Page) => page.getByRole('status').filter({ hasText: 'Reconnecting' });

/** Sends a message from the composer with Enter and waits until the server has acknowledged it. */
export async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await messages(page).locator('[data-state="sent"]').filter({ hasText: text }).waitFor();
}

/** The message bodies shown in the open chat, in order. */
export function shownBodies(page: Page): Promise<string[]> {
  return messages(page)
    .locator('[data-seq] .bubble')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

/** The keys the page's localStorage holds for the user's chat outbox (one per unsent message). */
export function storedOutbox(page: Page, userId: string): Promise<string[]> {
  return page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), `ccr.outbox.${userId}`);
}

/** One app, one Chromium and the signed-in admin for a browser spec file; filled once beforeAll has run. */
export interface BrowserApp {
  app: TestApp;
  browser: Browser;
  people: People;
  api: Api;
  admin: Session;
}

export function useBrowserApp(options: Parameters<typeof startApp>[0] = {}): BrowserApp {
  const fixture = {} as BrowserApp;
  beforeAll(async () => {
    fixture.app = await startApp(options);
    fixture.browser = await launchBrowser();
    fixture.people = new People(fixture.browser, fixture.app.url);
    fixture.api = new Api(fixture.app.url);
    fixture.admin = await fixture.api.login(fixture.app.admin.email, fixture.app.admin.password);
  });
  afterAll(async () => {
    await fixture.people?.close();
    await fixture.browser?.close();
    await fixture.app?.close();
  });
  return fixture;
}
