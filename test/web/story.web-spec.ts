/**
 * The whole story through the built web app in Chromium, three people at once:
 * a customer registers and raises a ticket, the admin creates an agent and assigns the
 * ticket from the live queue, customer and agent chat live, the customer closes and rates.
 * Controls are found by role and label, as a person (or a screen reader) would find them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from './browser';

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots';

const unique = () => randomBytes(3).toString('hex');

// Booting the app on a fresh database and driving three browsers takes a while.
jest.setTimeout(180_000);

describe('the web app, end to end', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  async function person(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    // A script tag from a message body must never run.
    page.on('dialog', (d) => {
      problems.push(`${name}: unexpected dialog "${d.message()}"`);
      void d.dismiss();
    });
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  const messages = (page: Page) => page.getByRole('log', { name: 'Messages' });
  const statusBadge = (page: Page, status: string) =>
    page.getByRole('complementary', { name: 'Ticket details' }).locator(`[data-status="${status}"]`);

  it('customer, admin and agent go through a ticket from raising to rating', async () => {
    const id = unique();
    const subject = `Blender stopped working ${id}`;
    const customer = { first: 'Carla', email: `carla-${id}@example.test`, password: `pw-${id}-secret` };
    const agentUser = { first: `Andy${id}`, email: `andy-${id}@example.test`, password: `agent-${id}-secret` };

    // The customer registers and lands on their own area.
    const carla = await person('customer');
    await carla.goto(`${app.url}/`);
    await carla.waitForURL('**/login');
    await carla.getByRole('link', { name: 'Create an account' }).click();
    await carla.waitForURL('**/register');
    await carla.getByLabel('First name').fill(customer.first);
    await carla.getByLabel('Last name').fill('Customer');
    await carla.getByLabel('Email').fill(customer.email);
    await carla.getByLabel('Password', { exact: true }).fill(customer.password);
    await carla.getByLabel('Confirm password').fill(customer.password);
    await carla.getByRole('button', { name: 'Create account' }).click();
    await carla.waitForURL('**/customer');
    await carla.getByRole('banner').getByText('Carla Customer', { exact: true }).waitFor();
    await carla.getByRole('heading', { name: 'My tickets' }).waitFor();

    // ... and raises a ticket through the form.
    await carla.getByRole('link', { name: 'New ticket' }).first().click();
    await carla.waitForURL('**/customer/tickets/new');
    await carla.getByRole('button', { name: 'Submit ticket' }).click();
    await carla.getByText('Give your ticket a short subject.').waitFor(); // inline validation, no alert()
    await carla.getByLabel('Subject').fill(subject);
    await carla.getByLabel('Category').selectOption('Home & Kitchen');
    await carla.getByLabel('Description').fill('It buzzes and the blades do not spin. Order 12345.');
    await carla.getByRole('button', { name: 'Submit ticket' }).click();
    await carla.waitForURL(/\/customer\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = carla.url().split('/').pop() as string;
    await carla.getByRole('heading', { name: subject }).waitFor();
    await statusBadge(carla, 'OPEN').waitFor();
    await shot(carla, 'customer-ticket-open-1280');

    // The admin signs in, creates an agent, and sees the ticket in the live queue.
    const admin = await person('admin');
    await signIn(admin, app.admin.email, app.admin.password);
    await admin.waitForURL('**/admin');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await admin.waitForURL('**/admin/agents');
    await admin.getByLabel('First name').fill(agentUser.first);
    await admin.getByLabel('Last name').fill('Agent');
    await admin.getByLabel('Email').fill(agentUser.email);
    await admin.getByLabel('Password').fill(agentUser.password);
    await admin.getByRole('checkbox', { name: 'Home & Kitchen' }).check();
    await admin.getByRole('button', { name: 'Create agent' }).click();
    await admin.getByText(`Agent ${agentUser.first} Agent was created`).waitFor();
    await admin.getByRole('cell', { name: new RegExp(agentUser.email) }).waitFor();
    await shot(admin, 'admin-agents-1280');

    // The agent signs in and waits in an empty workspace.
    const andy = await person('agent');
    await signIn(andy, agentUser.email, agentUser.password);
    await andy.waitForURL('**/agent');
    await andy.getByText('No active conversations').waitFor();

    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
    await admin.waitForURL(/\/admin$/);
    const queued = admin.getByRole('article', { name: new RegExp(subject) });
    await queued.waitFor();
    await queued.getByText(/Waiting \d/).waitFor();
    await shot(admin, 'admin-queue-1280');
    const assignTo = queued.getByLabel('Assign to');
    const agentOption = queued.locator('option', { hasText: agentUser.first });
    await agentOption.waitFor({ state: 'attached' });
    await assignTo.selectOption((await agentOption.getAttribute('value')) as string);
    await queued.getByRole('button', { name: /^Assign/ }).click();
    await queued.waitFor({ state: 'detached' });

    // Everyone sees the assignment without reloading.
    await statusBadge(carla, 'ASSIGNED').waitFor();
    await carla.getByText(`${agentUser.first} Agent`).first().waitFor();
    const conversation = andy.getByRole('link', { name: new RegExp(subject) });
    await conversation.waitFor();
    await conversation.click();
    await andy.waitForURL(`**/agent/tickets/${ticketId}`);
    await messages(andy).waitFor();

    // A live exchange: each side sees the other's message appear.
    await composer(carla).fill('Hello, is anyone there? The manual is at https://example.com/manual.pdf.');
    await composer(carla).press('Enter');
    await carla.locator('[data-seq="1"][data-state="sent"]').waitFor();
    await messages(andy).locator('[data-seq="1"]').getByText('Hello, is anyone there?').waitFor();
    const link = messages(andy).getByRole('link', { name: 'https://example.com/manual.pdf' });
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer nofollow');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('href')).resolves.toBe('https://example.com/manual.pdf');

    await composer(andy).fill('Hi Carla');
    await carla.getByText(`${agentUser.first} is typing…`).waitFor();
    const hostile = 'Try this: <b>bold</b><script>alert(1)</script>';
    await composer(andy).fill(hostile);
    await andy.getByRole('button', { name: 'Send' }).click();
    const hostileOnCustomer = messages(carla).locator('[data-seq="2"]');
    await hostileOnCustomer.waitFor();
    await expect(hostileOnCustomer.locator('.bubble').textContent()).resolves.toBe(hostile);
    await expect(hostileOnCustomer.locator('b, script').count()).resolves.toBe(0);
    await expect(composer(andy).inputValue()).resolves.toBe('');

    await composer(carla).fill('Thanks!');
    await composer(carla).press('Shift+Enter');
    await composer(carla).pressSequentially('Second line.');
    await composer(carla).press('Enter');
    const reply = messages(andy).locator('[data-seq="3"]');
    await reply.waitFor();
    await expect(reply.locator('.bubble').textContent()).resolves.toBe('Thanks!\nSecond line.');
    await shot(andy, 'agent-chat-1280');
    await shot(carla, 'customer-chat-1280');

    // The admin can observe the conversation read-only.
    await admin.goto(`${app.url}/admin/tickets/${ticketId}`);
    await messages(admin).locator('[data-seq="3"]').waitFor();
    await expect(composer(admin).count()).resolves.toBe(0);
    await shot(admin, 'admin-ticket-1280');

    // The customer closes the ticket, after confirming, and rates it.
    await carla.getByRole('button', { name: 'Close ticket' }).click();
    await carla.getByText('Close this ticket?').waitFor();
    await expect(statusBadge(carla, 'CLOSED').count()).resolves.toBe(0);
    await carla.getByRole('button', { name: 'Yes, close ticket' }).click();
    await carla.getByText('This ticket is closed').waitFor();
    await expect(composer(carla).count()).resolves.toBe(0);
    await andy.getByText('This ticket is closed').waitFor();

    await carla.getByRole('button', { name: 'Submit rating' }).click();
    await carla.getByText('Choose from 1 to 5 stars.').waitFor();
    // Said once: the hint above the error gives way to it.
    await expect(carla.getByText('Choose 1 to 5 stars', { exact: true }).count()).resolves.toBe(0);
    await carla.getByRole('radio', { name: /^4 stars/ }).check({ force: true });
    await carla.getByLabel('Comment (optional)').fill('Quick and helpful.');
    await carla.getByRole('button', { name: 'Submit rating' }).click();
    await carla.getByText('You rated this ticket 4 out of 5.').waitFor();
    await shot(carla, 'customer-closed-1280');

    // Each role stays in its own area, and unknown paths are friendly.
    await carla.goto(`${app.url}/admin`);
    await carla.waitForURL('**/customer');
    await carla.goto(`${app.url}/no/such/page`);
    await carla.getByRole('heading', { name: "We couldn't find that page" }).waitFor();

    // The main pages, wide and on a phone.
    const pages: [Page, string, string][] = [
      [carla, 'customer-list', '/customer'],
      [carla, 'customer-ticket', `/customer/tickets/${ticketId}`],
      [carla, 'customer-new-ticket', '/customer/tickets/new'],
      [andy, 'agent-workspace', `/agent/tickets/${ticketId}`],
      [admin, 'admin-queue', '/admin'],
      [admin, 'admin-tickets', '/admin/tickets'],
      [admin, 'admin-agents', '/admin/agents'],
      [admin, 'admin-stats', '/admin/stats'],
      [admin, 'admin-settings', '/admin/settings'],
    ];
    for (const width of [1280, 375]) {
      for (const [page, name, path] of pages) {
        await page.setViewportSize({ width, height: width > 500 ? 800 : 760 });
        await page.goto(`${app.url}${path}`);
        await page.getByRole('main').waitFor();
        await page.waitForLoadState('networkidle');
        await shot(page, `${name}-${width}`);
      }
    }

    expect(problems).toEqual([]);
  });
});
