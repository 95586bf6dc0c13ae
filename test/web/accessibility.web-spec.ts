/**
 * Every main page of each role, checked with axe-core against WCAG 2.1 A and AA (labels, names,
 * roles, landmarks, colour contrast) in the light and the dark scheme and on a 360 px phone,
 * with real data on the page: a screen-reader user and a low-vision user get the same app.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId } from '../helpers/api';
import { launchBrowser } from './browser';

jest.setTimeout(240_000);

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let app: TestApp;
  let browser: Browser;
  const pages: { role: 'customer' | 'agent' | 'admin' | null; path: string }[] = [];
  const tokens: Record<string, string> = {};
  let chatId = '';

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const api = new Api(app.url);
    const admin = await api.login(app.admin.email, app.admin.password);
    const customer = await api.registerCustomer({ firstName: 'Nora' });
    const agent = await api.createAgent(admin.token, { firstName: 'Theo', expertise: ['Electronics'] });
    const chat = await api.raiseTicket(customer.token, { subject: 'Will this kettle fit under my cupboard?' });
    const waiting = await api.raiseTicket(customer.token, { subject: 'Is the blender dishwasher safe?' });
    await api.assign(admin.token, chat.id, agent.user.id);
    await api.post(`/tickets/${chat.id}/messages`, { clientId: newClientId(), body: 'It is 24 cm tall.' }, customer.token).expect(201);
    await api
      .post(`/tickets/${chat.id}/messages`, { clientId: newClientId(), body: 'Then it fits: see https://example.com/kettle' }, agent.token)
      .expect(201);
    await api
      .post(
        '/saved-replies',
        { shortcut: 'kettle', title: 'Kettle sizes', body: 'Hi {{customer.firstName}}, our kettles are 22 to 26 cm tall.' },
        admin.token,
      )
      .expect(201);
    await api.post('/saved-replies', { shortcut: 'thanks', body: 'Thanks for waiting!' }, agent.token).expect(201);
    chatId = chat.id;
    tokens.customer = customer.token;
    tokens.agent = agent.token;
    tokens.admin = admin.token;
    pages.push(
      { role: null, path: '/login' },
      { role: null, path: '/register' },
      { role: null, path: '/forgot' },
      { role: 'customer', path: '/customer' },
      { role: 'customer', path: '/customer/tickets/new' },
      { role: 'customer', path: `/customer/tickets/${chat.id}` },
      { role: 'customer', path: `/customer/tickets/${waiting.id}` },
      { role: 'agent', path: '/agent' },
      { role: 'agent', path: `/agent/tickets/${chat.id}` },
      { role: 'agent', path: '/account' },
      { role: 'agent', path: '/agent/replies' },
      { role: 'admin', path: '/admin' },
      { role: 'admin', path: '/admin/tickets' },
      { role: 'admin', path: `/admin/tickets/${chat.id}` },
      { role: 'admin', path: '/admin/agents' },
      { role: 'admin', path: '/admin/stats' },
      { role: 'admin', path: '/admin/settings' },
      { role: 'admin', path: '/admin/settings/replies' },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function audit(page: Page): Promise<Violation[]> {
    await page.evaluate(AXE);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    });
  }

  it.each([
    ['light, desktop', 'light', { width: 1440, height: 900 }],
    ['dark, desktop', 'dark', { width: 1440, height: 900 }],
    ['light, 360 px phone', 'light', { width: 360, height: 780 }],
  ] as const)('every main page passes in the %s view', async (_name, colorScheme, viewport) => {
    const found: string[] = [];
    const check = async ({ role, path }: (typeof pages)[number]) => {
      // axe's script is evaluated into the page; the app's CSP would (rightly) refuse it otherwise.
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true, reducedMotion: 'reduce' });
      if (role) await context.addInitScript((t) => localStorage.setItem('ccr.token', t), tokens[role]);
      const page = await context.newPage();
      await page.goto(`${app.url}${path}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300); // live data and charts settle
      for (const v of await audit(page)) {
        found.push(`${path}: [${v.impact}] ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      }
      await context.close();
    };
    // Two pages at a time, one per core: axe's work is the browser's, and each page has its own renderer.
    const queue = [...pages];
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await check(next);
    };
    await Promise.all([lane(), lane()]);
    expect(found.sort()).toEqual([]);
  });

  it.each(['light', 'dark'] as const)('the saved replies listed over an agent’s composer pass in the %s scheme', async (colorScheme) => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme,
      bypassCSP: true,
      reducedMotion: 'reduce',
    });
    await context.addInitScript((t) => localStorage.setItem('ccr.token', t), tokens.agent);
    const page = await context.newPage();
    await page.goto(`${app.url}/agent/tickets/${chatId}`);
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('/');
    await page.getByRole('listbox', { name: 'Saved replies' }).waitFor();
    await page.keyboard.press('ArrowDown');
    const found = (await audit(page)).map(
      (v) => `[${v.impact}] ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
    await context.close();
    expect(found).toEqual([]);
  });

  it('works from the keyboard alone: sign in, raise a ticket, write in its chat, with a visible focus ring on the way', async () => {
    const api = new Api(app.url);
    const customer = await api.registerCustomer({ firstName: 'Kim' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.url}/login`);
    /** Tabs until the element named `name` has focus, checking that every stop shows where the focus is. */
    const tabTo = async (name: RegExp, maxStops = 30) => {
      for (let i = 0; i < maxStops; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const label =
            el.getAttribute('aria-label') ??
            ((el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || (el as HTMLInputElement).placeholder || '');
          const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
          return { label: label.trim(), ring };
        });
        if (!focused) continue;
        expect({ label: focused.label, ring: focused.ring }).toEqual({ label: focused.label, ring: true });
        if (name.test(focused.label)) return;
      }
      throw new Error(`no focusable element named ${name} within ${maxStops} Tab presses`);
    };
    await tabTo(/^Email/);
    await page.keyboard.type(customer.email);
    await tabTo(/^Password/);
    await page.keyboard.type(customer.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer');
    await tabTo(/^New ticket$/);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer/tickets/new');
    await tabTo(/^Subject/);
    await page.keyboard.type('Can I wash this jacket at 40 degrees?');
    await tabTo(/^Category/);
    await page.keyboard.press('ArrowDown');
    await tabTo(/^Description/);
    await page.keyboard.type('The label is cut off.');
    await tabTo(/^Submit ticket$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/customer\/tickets\/[0-9a-f-]{36}$/);
    await tabTo(/^Message$/, 60);
    await page.keyboard.type('Also: is it waterproof?');
    await page.keyboard.press('Enter');
    await page
      .getByRole('log', { name: 'Messages' })
      .locator('[data-state="sent"]')
      .filter({ hasText: 'Also: is it waterproof?' })
      .waitFor();
    await context.close();
  });
});
