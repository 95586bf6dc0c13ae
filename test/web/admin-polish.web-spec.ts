/**
 * What a QA pass of the admin's pages found: at 1024 px the Assign / Reassign select cut off the end of
 * its labels, where "· other expertise" warned that the chosen agent does not know the ticket's
 * category; creating an agent dropped the focus to the page, its notice half under the sticky header;
 * the customer's other tickets beside a chat gave today's as a date; and the history said the agent
 * "left the chat" when an admin had returned the ticket to the queue.
 */
import type { Locator, Page } from 'playwright-core';
import { useBrowserApp } from './browser';

jest.setTimeout(120_000);

const TABLET = { width: 1024, height: 768 };

/** Fails unless `target` is shown whole: inside the window, and its text not cut off by its own box. */
async function expectWhollyVisible(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  expect(await target.isVisible()).toBe(true);
  const box = (await target.boundingBox())!;
  const window = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(window.width);
  expect(box.y + box.height).toBeLessThanOrEqual(window.height);
  const [scrollWidth, clientWidth] = await target.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

describe("QA of the admin's pages", () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  it("warns, under the select, that the chosen agent is not an expert in the ticket's category, on the queue and the ticket page", async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: ['Electronics'] });
    await w.api.createAgent(w.admin.token, { firstName: 'Hana', expertise: ['Home & Kitchen'] });
    const customer = await w.api.registerCustomer({ firstName: 'Kim' });
    const queued = await w.api.raiseTicket(customer.token, { subject: 'Waiting camera' });
    const held = await w.api.raiseTicket(customer.token, { subject: 'Held camera' });
    await w.api.assign(w.admin.token, held.id, ada.user.id);
    const warning = /Hana Agent is not an expert in Electronics/;

    const page = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await page.goto(`${w.app.url}/admin`);
    const card = page.locator(`article[data-ticket-id="${queued.id}"]`);
    await card.getByLabel('Assign to').selectOption({ label: (await optionLabel(card, 'Hana')) ?? '' });
    await expectWhollyVisible(page, card.getByText(warning));

    await page.goto(`${w.app.url}/admin/tickets/${held.id}`);
    const details = page.getByRole('complementary', { name: 'Ticket details' });
    await details.getByLabel('Reassign to').selectOption({ label: (await optionLabel(details, 'Hana')) ?? '' });
    await expectWhollyVisible(page, details.getByText(warning));
    // The hint follows the choice: an Electronics expert draws no word about expertise.
    await details.getByLabel('Reassign to').selectOption({ label: (await optionLabel(details, 'Ada')) ?? '' });
    await expect(details.getByText(/not an expert/).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('puts the focus on the "created" notice after creating an agent, wholly below the sticky header', async () => {
    const page = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await page.goto(`${w.app.url}/admin/agents`);
    const form = page.getByRole('region', { name: 'Create an agent' });
    await form.getByLabel('First name').fill('Nia');
    await form.getByLabel('Last name').fill('Agent');
    await form.getByLabel('Email').fill(`nia-${Date.now()}@example.test`);
    await form.getByLabel('Password').fill('a-long-password-1');
    // From the keyboard: Tab on to the button, Enter; the page scrolled so that the form's heading is
    // just behind the sticky header, where the notice comes in.
    await form.getByLabel('Max concurrent tickets').focus();
    await page.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: 'Create agent' }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.evaluate(() => {
      // Room below to scroll that far, as on a longer page (this short one would end first).
      document.body.style.paddingBottom = '100vh';
      const header = document.querySelector('header')!.getBoundingClientRect();
      const heading = document.getElementById('create-heading')!.getBoundingClientRect();
      window.scrollBy(0, heading.bottom - header.bottom);
    });
    await page.keyboard.press('Enter');
    const notice = form.getByRole('status').filter({ hasText: /^Agent Nia Agent was created/ });
    await notice.waitFor();
    await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body, undefined, {
      timeout: 3_000,
    });
    await expect(notice.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Scrolling settles a frame after the focus.
    await page.waitForTimeout(200);
    const header = (await page.locator('header').first().boundingBox())!;
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(box.y + box.height).toBeLessThanOrEqual(TABLET.height);
    await page.context().close();
  });

  it("gives the time, not the date, for the customer's other ticket raised today", async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Ola' });
    const earlier = await w.api.raiseTicket(customer.token, { subject: 'Earlier kettle question' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Later kettle question' });
    const page = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await page.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    const line = page.locator(`li[data-ticket-id="${earlier.id}"] .meta`);
    // As the chat's own times say it: "8:01 PM" (or "20:01") for today, the date only for other days.
    const time = await page.evaluate(
      (iso) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso)),
      earlier.createdAt,
    );
    await expect(line.textContent()).resolves.toContain(`Electronics · ${time}`);
    await page.context().close();
  });

  it('says in the history that the admin returned the ticket to the queue, from whom', async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada' });
    const customer = await w.api.registerCustomer({ firstName: 'Pia' });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    const page = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await page.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Return to queue' }).click();
    const history = page.getByRole('region', { name: 'History' });
    // Admins are told apart by their full names.
    await history.getByText('Admin User returned the ticket to the queue from Ada').waitFor();
    await expect(history.getByText(/left the chat/).count()).resolves.toBe(0);
    await page.context().close();
  });

  it("keeps a waiting customer's very long name inside its ticket's column of the live queue", async () => {
    const longName = 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen';
    const customer = await w.api.registerCustomer({ firstName: 'Kai', lastName: longName });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Blender lid cracked' });
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await admin.goto(`${w.app.url}/admin`);
    const item = admin.locator(`[data-ticket-id="${ticket.id}"]`);
    const name = item.getByText(`Kai ${longName}`, { exact: true });
    await name.waitFor();
    const nameBox = (await name.boundingBox())!;
    const column = (await item.locator('.q-body').boundingBox())!;
    expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(column.x + column.width + 1);
  });
});

/** The full label of the option naming `firstName`, which also carries the load and the warnings. */
async function optionLabel(scope: Locator, firstName: string): Promise<string | null> {
  const option = scope.locator('option', { hasText: new RegExp(`^${firstName} Agent`) }).first();
  await option.waitFor({ state: 'attached' });
  return option.textContent();
}
