/**
 * What a fresh-eyes QA pass of the three roles found: a closed chat without messages still invited its
 * agent to greet the customer (and told the admin "yet"); the admin's keyboard focus fell to the top of
 * the page after assigning from the live queue, reassigning, returning a ticket to the queue or closing
 * it; and on a 1024 px window the agents table ran wider than its card, its Deactivate buttons out of
 * sight behind a sideways scroll.
 */
import type { Locator, Page } from 'playwright-core';
import { useBrowserApp } from './browser';

jest.setTimeout(120_000);

const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 1024, height: 768 };

/** Waits until `target` holds the keyboard focus; fails naming where the focus is instead. */
async function expectFocus(page: Page, target: Locator): Promise<void> {
  const handle = await target.elementHandle();
  try {
    await page.waitForFunction((el) => el === document.activeElement, handle, { timeout: 3_000 });
  } catch {
    const actual = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    throw new Error(`focus is on ${actual}, not on ${String(target)}`);
  }
}

describe('fresh-eyes QA of the customer, agent and admin pages', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  it('says that a closed chat without messages has none, to its agent and the admin, instead of "yet" or "Greet"', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Ada' });
    const customer = await w.api.registerCustomer({ firstName: 'Zoë' });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    await w.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);

    const page = await w.people.page('Ada', { token: agent.token, viewport: TABLET });
    await page.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await page.getByText('This ticket is closed').first().waitFor();
    await page.getByText('No messages were written in this chat.').waitFor();
    await expect(page.getByText(/Greet Zoë/).count()).resolves.toBe(0);

    await page.context().close();

    const admin = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await admin.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    await admin.getByText('No messages were written in this chat.').waitFor();
    await expect(admin.getByText('No messages in this conversation yet.').count()).resolves.toBe(0);
    await admin.context().close();
  });
});
