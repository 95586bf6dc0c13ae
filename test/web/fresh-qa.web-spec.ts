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

  it("keeps the admin's keyboard focus on the next thing to do after assigning, reassigning, returning and closing", async () => {
    await w.api.createAgent(w.admin.token, { firstName: 'Ada', maxConcurrent: 5 });
    await w.api.createAgent(w.admin.token, { firstName: 'Grace', maxConcurrent: 5 });
    const customer = await w.api.registerCustomer({ firstName: 'Kim' });
    const first = await w.api.raiseTicket(customer.token, { subject: 'First in line' });
    const second = await w.api.raiseTicket(customer.token, { subject: 'Second in line' });

    const page = await w.people.page('admin', { token: w.admin.token, viewport: LAPTOP });
    await page.goto(`${w.app.url}/admin`);
    const card = (id: string) => page.locator(`article[data-ticket-id="${id}"]`);
    // Assigning the first ticket with the keyboard takes it out of the queue: focus goes on to the next one.
    await card(first.id)
      .getByRole('button', { name: /^Assign/ })
      .press('Enter');
    await expectFocus(page, card(second.id).getByRole('link', { name: /Second in line/ }));
    // The last one gone, the focus lands on the news that the queue is empty.
    await card(second.id)
      .getByRole('button', { name: /^Assign/ })
      .press('Enter');
    await expectFocus(page, page.getByRole('heading', { name: 'The queue is empty' }));

    await page.goto(`${w.app.url}/admin/tickets/${first.id}`);
    const details = page.getByRole('complementary', { name: 'Ticket details' });
    // Reassigning keeps the focus on its button.
    const reassign = details.getByRole('button', { name: /^Reassign/ });
    await reassign.press('Enter');
    await details
      .getByRole('status')
      .filter({ hasText: /^Assigned to/ })
      .waitFor();
    await expectFocus(page, reassign);
    // Returned to the queue, the ticket waits for someone: the focus is on choosing who.
    await details.getByRole('button', { name: 'Return to queue' }).press('Enter');
    await expectFocus(page, details.getByLabel('Assign to'));
    // Closing asks first, with the focus on the question; Cancel goes back to the button; Yes says it is done.
    await details.getByRole('button', { name: 'Close ticket' }).press('Enter');
    const question = details.getByRole('group', { name: 'Close this ticket for the customer?' });
    await expectFocus(page, question);
    await question.getByRole('button', { name: 'Cancel' }).press('Enter');
    await expectFocus(page, details.getByRole('button', { name: 'Close ticket' }));
    await details.getByRole('button', { name: 'Close ticket' }).press('Enter');
    await question.getByRole('button', { name: 'Yes, close ticket' }).press('Enter');
    await expectFocus(page, details.getByRole('status').filter({ hasText: 'Ticket closed.' }));
    await page.context().close();
  });

  it('shows every agent row whole on a 1024 px window, Deactivate included, with no sideways scroll', async () => {
    for (const firstName of ['Ada', 'Grace'])
      await w.api.createAgent(w.admin.token, { firstName, expertise: ['Electronics', 'Home & Kitchen'] });
    const page = await w.people.page('admin', { token: w.admin.token, viewport: TABLET });
    await page.goto(`${w.app.url}/admin/agents`);
    const table = page.locator('.table-wrap').filter({ has: page.getByRole('button', { name: /^Deactivate/ }) });
    await page
      .getByRole('button', { name: /^Deactivate Grace/ })
      .first()
      .waitFor();
    const [scrollWidth, clientWidth] = await table.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const box = (await table.boundingBox())!;
    for (const button of await page.getByRole('button', { name: /^Deactivate/ }).all()) {
      const b = (await button.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
    }
    await page.context().close();
  });
});
