/**
 * What a QA pass over handovers found: an agent's half-typed reply and unacknowledged messages
 * vanished when an admin passed the ticket on, an empty chat said "No messages yet" above the lines
 * that said who joined, and the "Ticket not found" card had a heading that looked like a caption.
 * A reply being typed when the customer closed the ticket vanished the same way, and one kept after a
 * handover could not be found again once the agent opened another chat.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { composer, messages, reconnecting, say, useBrowserApp } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1440, height: 900 };

describe('handover QA', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  const unsentReply = (page: Page) => page.getByRole('textbox', { name: 'Your unsent reply' });
  const isFocused = (page: Page, name: string) => page.getByRole('textbox', { name }).evaluate((el) => el === document.activeElement);

  /** Ada's open chat with a customer, and Grace, to whom an admin can pass it. */
  async function adasChat(customerName: string, subject: string) {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [] });
    const grace = await w.api.createAgent(w.admin.token, { firstName: 'Grace', expertise: [] });
    const customer = await w.api.registerCustomer({ firstName: customerName });
    const ticket = await w.api.raiseTicket(customer.token, { subject });
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    const page = await w.people.page('ada', { token: ada.token, viewport: DESKTOP });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.app.url });
    await page.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await composer(page).waitFor();
    return { ticket, customer, ada, page, passToGrace: () => w.api.assign(w.admin.token, ticket.id, grace.user.id) };
  }

  it('an agent whose ticket is passed on while typing is told to whom, and keeps the reply, read-only with Copy, until dismissing it', async () => {
    const { page, passToGrace } = await adasChat('Hal', 'Kettle leaks at the base');
    await say(page, 'Sorry to hear that, Hal.');
    const draft = 'Could you send a photo of the base?\nAnd the serial number';
    await composer(page).fill(draft);

    await passToGrace();
    await page.getByText('This ticket was passed to Grace.').waitFor();
    await expect(composer(page).count()).resolves.toBe(0);
    // What she wrote stays in view, cannot be edited, and has the focus the composer had.
    await expect(unsentReply(page).inputValue()).resolves.toBe(draft);
    await expect(unsentReply(page).isEditable()).resolves.toBe(false);
    await expect(isFocused(page, 'Your unsent reply')).resolves.toBe(true);
    await messages(page).getByText('Sorry to hear that, Hal.').waitFor();

    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(draft);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await unsentReply(page).waitFor({ state: 'detached' });
    // The notice of what happened stays; only the kept text is gone.
    await page.getByText('This ticket was passed to Grace.').waitFor();
    await expect(composer(page).count()).resolves.toBe(0);
  });

  it('a message still unacknowledged when the ticket moved on, while the agent was offline, is shown as not sent, not dropped', async () => {
    const { ticket, page, passToGrace } = await adasChat('Ivy', 'Toaster burns one side');
    await page.context().setOffline(true);
    await reconnecting(page).waitFor();
    await composer(page).fill('Written in the lift');
    await composer(page).press('Enter');
    await messages(page).locator('[data-state="sending"]').filter({ hasText: 'Written in the lift' }).waitFor();
    await composer(page).fill('And one more thing');

    // Passed on while she is offline: she never hears it, and learns it when the server refuses the ticket.
    await passToGrace();
    await page.context().setOffline(false);
    await reconnecting(page).waitFor({ state: 'detached', timeout: 15_000 });

    await page.getByText('This ticket is no longer assigned to you.').waitFor();
    await messages(page).locator('[data-state="failed"]').filter({ hasText: 'Written in the lift' }).waitFor();
    await expect(unsentReply(page).inputValue()).resolves.toBe('Written in the lift\n\nAnd one more thing');
    await expect(composer(page).count()).resolves.toBe(0);
    const stored = await w.api.get(`/tickets/${ticket.id}/messages`, w.admin.token).expect(200);
    expect(stored.body.items).toEqual([]);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await unsentReply(page).waitFor({ state: 'detached' });
    await expect(messages(page).getByText('Written in the lift').count()).resolves.toBe(0);
    await page.getByText('This ticket is no longer assigned to you.').waitFor();
  });

  it('an admin returns a ticket to the queue from its page: the agent is told and keeps the reply, the customer waits in line again', async () => {
    const { ticket, customer, page } = await adasChat('Lou', 'Blender lid cracked');
    const draft = 'Let me check the warranty for you';
    await composer(page).fill(draft);
    const lou = await w.people.page('lou', { token: customer.token, viewport: DESKTOP });
    await lou.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await messages(lou)
      .getByText(/^Ada joined the chat/)
      .waitFor();

    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    await admin.getByRole('button', { name: 'Return to queue' }).click();
    await admin.getByRole('status').filter({ hasText: 'Back in the queue. Only an admin can give it back to Ada Agent.' }).waitFor();
    await admin.getByLabel('Assign to').waitFor();
    await expect(admin.getByRole('button', { name: 'Return to queue' }).count()).resolves.toBe(0);

    await page.getByText('This ticket went back to the queue.').waitFor();
    await expect(composer(page).count()).resolves.toBe(0);
    await expect(unsentReply(page).inputValue()).resolves.toBe(draft);
    await messages(lou)
      .getByText(/^An admin returned your ticket to the queue from Ada/)
      .waitFor();
  });

  it('an agent who moves on from a chat passed away with a reply in it finds it in the list, "No longer yours", until dismissing it', async () => {
    const { page, customer, ada, passToGrace } = await adasChat('Ivo', 'Toaster burns one side');
    const other = await w.api.raiseTicket(customer.token, { subject: 'Grill tray rusts' });
    await w.api.assign(w.admin.token, other.id, ada.user.id);
    const inbox = page.getByRole('complementary', { name: 'Your conversations' });
    const entry = (subject: string) => inbox.getByRole('link', { name: new RegExp(subject) });
    await entry('Grill tray rusts').waitFor();
    const draft = 'Try the lower heat setting first';
    await composer(page).fill(draft);
    await passToGrace();
    await page.getByText('This ticket was passed to Grace.').waitFor();

    // She moves on: the chat stays in her list, marked, her draft its preview, and not counted as hers.
    await entry('Grill tray rusts').click();
    await page.waitForURL(`**/agent/tickets/${other.id}`);
    await composer(page).waitFor();
    const departed = entry('Toaster burns one side');
    await departed.getByText('No longer yours').waitFor();
    await departed.getByText(`Draft: ${draft}`).waitFor();
    await expect(inbox.getByRole('button', { name: /^Active/ }).innerText()).resolves.toMatch(/^Active\s*1$/);

    // A reload (or a phone dropping the tab) keeps it listed: the server no longer shows it, the tab does.
    await page.reload();
    await composer(page).waitFor();
    await departed.getByText('No longer yours').waitFor();
    await departed.getByText(`Draft: ${draft}`).waitFor();
    await expect(inbox.getByRole('button', { name: /^Active/ }).innerText()).resolves.toMatch(/^Active\s*1$/);

    // Back to it: the server shows nothing of the ticket any more, but her reply is there to copy.
    await departed.click();
    await page.getByRole('heading', { name: 'This ticket is no longer assigned to you' }).waitFor();
    await expect(unsentReply(page).inputValue()).resolves.toBe(draft);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(draft);

    // Dismissed, it leaves the page and the list.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForURL(`${w.app.url}/agent`);
    await departed.waitFor({ state: 'detached' });
    await entry('Grill tray rusts').waitFor();
    // …and stays gone after another reload.
    await page.reload();
    await entry('Grill tray rusts').waitFor();
    await expect(departed.count()).resolves.toBe(0);
  });

  it('an agent typing when the customer closes the ticket keeps the reply to copy, with the focus on it', async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [] });
    const kim = await w.api.registerCustomer({ firstName: 'Kim' });
    const ticket = await w.api.raiseTicket(kim.token, { subject: 'Mixer rattles' });
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    const page = await w.people.page('ada', { token: ada.token, viewport: DESKTOP });
    await page.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    const draft = 'One more tip: tighten the bowl clamp.';
    await composer(page).fill(draft);

    await w.api.post(`/tickets/${ticket.id}/close`, undefined, kim.token).expect(200);
    await page.getByRole('note').getByText('This ticket is closed').waitFor();
    await expect(composer(page).count()).resolves.toBe(0);
    await expect(unsentReply(page).inputValue()).resolves.toBe(draft);
    await expect(isFocused(page, 'Your unsent reply')).resolves.toBe(true);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await unsentReply(page).waitFor({ state: 'detached' });
    await page.getByRole('note').getByText('This ticket is closed').waitFor();
    // Dismissed means gone: a reload does not bring the draft back.
    await page.reload();
    await page.getByRole('note').getByText('This ticket is closed').waitFor();
    await expect(unsentReply(page).count()).resolves.toBe(0);
  });

  /** The top of the line with `text` in the chat's log, in CSS pixels. */
  const topOf = async (page: Page, text: string | RegExp) => (await messages(page).getByText(text).first().boundingBox())?.y ?? NaN;

  it('an empty chat says "No messages yet" below the lines of who joined, for the admin, the agent and the customer', async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [] });
    const jo = await w.api.registerCustomer({ firstName: 'Jo' });
    const ticket = await w.api.raiseTicket(jo.token, { subject: 'Fridge hums loudly' });
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);

    const views: [string, string, string, RegExp, RegExp][] = [
      ['admin', w.admin.token, `/admin/tickets/${ticket.id}`, /^Ada joined the chat/, /^No messages in this conversation yet/],
      ['agent', ada.token, `/agent/tickets/${ticket.id}`, /^You joined the chat/, /^No messages yet\. Greet Jo/],
      ['customer', jo.token, `/customer/tickets/${ticket.id}`, /^Ada joined the chat/, /^No messages yet/],
    ];
    for (const [who, token, path, joined, empty] of views) {
      const page = await w.people.page(who, { token, viewport: DESKTOP });
      await page.goto(`${w.app.url}${path}`);
      await messages(page).getByText(joined).first().waitFor();
      await messages(page).getByText(empty).first().waitFor();
      const [eventTop, emptyTop] = [await topOf(page, joined), await topOf(page, empty)];
      expect({ who, below: emptyTop > eventTop }).toEqual({ who, below: true });
    }
  });

  it('"Ticket not found" is a heading like the others on the page, with a way back that works', async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [] });
    const color = (page: Page, name: string) =>
      page
        .getByRole('heading', { name, exact: true })
        .first()
        .evaluate((el) => getComputedStyle(el).color);

    const agent = await w.people.page('agent', { token: ada.token, viewport: DESKTOP });
    await agent.goto(`${w.app.url}/agent/tickets/${randomUUID()}`);
    await agent.getByRole('heading', { name: 'Ticket not found', level: 1 }).waitFor();
    await expect(color(agent, 'Ticket not found')).resolves.toBe(await color(agent, 'Conversations'));
    await agent.getByRole('link', { name: 'Back to the workspace' }).click();
    await agent.waitForURL(`${w.app.url}/agent`);
    await agent.getByRole('heading', { name: 'Select a conversation' }).waitFor();

    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/tickets/${randomUUID()}`);
    await admin.getByRole('heading', { name: 'Ticket not found', level: 1 }).waitFor();
    const notFound = await color(admin, 'Ticket not found');
    await admin.getByRole('link', { name: 'Back to all tickets' }).click();
    await admin.waitForURL(`${w.app.url}/admin/tickets`);
    const heading = admin.getByRole('heading', { level: 1 }).first();
    await heading.waitFor();
    await expect(heading.evaluate((el) => getComputedStyle(el).color)).resolves.toBe(notFound);
  });
});
