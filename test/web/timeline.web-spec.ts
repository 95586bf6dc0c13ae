/**
 * The chat tells what happened to the ticket, between the messages and at its time: the customer
 * sees their agent join, the ticket passed to another agent and closed, live and once each (also
 * after a reconnect), and a closed chat offers a new ticket. A message with a right-to-left override
 * stays inside its own bubble, and a Hebrew one reads right to left. The admin's ticket page fills
 * the window like the others, so the reconnect banner does not push the chat's foot off screen.
 */
import type { Page } from 'playwright-core';
import { newClientId, type Session } from '../helpers/api';
import { messages, reconnecting, say, useBrowserApp } from './browser';

jest.setTimeout(150_000);

/** The chat's lines as the reader sees them: message bodies and event lines, top to bottom. */
function shownLines(page: Page): Promise<string[]> {
  return messages(page)
    .locator('[data-seq] .bubble, .event > span:first-child')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

const eventLines = (page: Page) => messages(page).locator('.event');

describe('events in the chat timeline', () => {
  const w = useBrowserApp();
  let ada: Session;
  let grace: Session;

  beforeAll(async () => {
    ada = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [], maxConcurrent: 5 });
    grace = await w.api.createAgent(w.admin.token, { firstName: 'Grace', expertise: [], maxConcurrent: 5 });
  });

  afterEach(() => expect(w.people.problems).toEqual([]));

  const write = (ticketId: string, from: Session, body: string) =>
    w.api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body }, from.token).expect(201);

  it('shows the customer the agent joining, the hand-over and the close, live and once each, then offers a new ticket', async () => {
    const bob = await w.api.registerCustomer({ firstName: 'Bob' });
    const ticket = await w.api.raiseTicket(bob.token, { subject: 'The kettle will not boil', category: 'Electronics' });
    const page = await w.people.page('Bob', { token: bob.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await say(page, 'Hello, anyone there?');

    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    await eventLines(page).filter({ hasText: 'Ada joined the chat' }).waitFor();
    await write(ticket.id, ada, 'Hi Bob, Ada here.');
    await messages(page).getByText('Hi Bob, Ada here.').waitFor();

    await w.api.assign(w.admin.token, ticket.id, grace.user.id);
    await eventLines(page).filter({ hasText: 'Your ticket was passed from Ada to Grace' }).waitFor();
    // Centered, small and muted, with the time it happened.
    const look = await eventLines(page)
      .first()
      .evaluate((el) => {
        const s = getComputedStyle(el);
        const log = el.closest('[role="log"]')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return {
          centre: Math.abs(box.left + box.width / 2 - (log.left + log.width / 2)),
          fontSize: parseFloat(s.fontSize),
          time: !!el.querySelector('time[datetime]'),
        };
      });
    expect(look.centre).toBeLessThan(20);
    expect(look.fontSize).toBeLessThan(14);
    expect(look.time).toBe(true);

    // A dropped connection and its resync add nothing twice.
    await page.context().setOffline(true);
    await reconnecting(page).waitFor();
    await page.context().setOffline(false);
    await reconnecting(page).waitFor({ state: 'detached' });
    await write(ticket.id, grace, 'Grace here, taking over.');
    await messages(page).getByText('Grace here, taking over.').waitFor();
    expect(await shownLines(page)).toEqual([
      'Hello, anyone there?',
      'Ada joined the chat',
      'Hi Bob, Ada here.',
      'Your ticket was passed from Ada to Grace',
      'Grace here, taking over.',
    ]);

    await page.getByRole('button', { name: 'Close ticket' }).click();
    await page.getByRole('button', { name: 'Yes, close ticket' }).click();
    await eventLines(page).filter({ hasText: 'Ticket closed by you' }).waitFor();
    const footer = page.getByRole('note').filter({ hasText: 'This ticket is closed' });
    const raise = footer.getByRole('link', { name: 'Raise a new ticket' });
    await raise.waitFor();
    await page.getByRole('heading', { name: 'How did we do?' }).waitFor();

    // The same lines after a reload: loaded, not only heard live.
    await page.reload();
    await eventLines(page).filter({ hasText: 'Ticket closed by you' }).waitFor();
    expect(await eventLines(page).count()).toBe(3);

    await footer.getByRole('link', { name: 'Raise a new ticket' }).click();
    await page.waitForURL('**/customer/tickets/new');
    await page.context().close();
  });

  it('keeps a right-to-left override inside its own message and lets a Hebrew message read right to left', async () => {
    const bob = await w.api.registerCustomer({ firstName: 'Dana' });
    const ticket = await w.api.raiseTicket(bob.token, { subject: 'Direction test', category: 'Electronics' });
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    await write(ticket.id, bob, '\u202Eabc override');
    await write(ticket.id, ada, 'plain words after');
    await write(ticket.id, ada, 'שלום, מה שלומך?');

    const page = await w.people.page('Dana', { token: bob.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    const bubble = (text: string) => messages(page).locator('[data-seq] .bubble').filter({ hasText: text });
    await bubble('plain words after').waitFor();

    const after = await bubble('plain words after').evaluate((el) => {
      // Where the first and the last letter are drawn: left to right unless something flipped the line.
      const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('plain')) as Text;
      const range = document.createRange();
      const at = (i: number) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      const start = text.data.indexOf('plain');
      return { direction: getComputedStyle(el).direction, firstLeft: at(start), lastLeft: at(start + 'plain words after'.length - 1) };
    });
    expect(after.direction).toBe('ltr');
    expect(after.firstLeft).toBeLessThan(after.lastLeft);

    // Each message is its own bidirectional island with the direction of its own text.
    const override = await bubble('override').evaluate((el) => ({ bidi: getComputedStyle(el).unicodeBidi, dir: el.getAttribute('dir') }));
    expect(override).toEqual({ bidi: 'isolate', dir: 'auto' });
    await expect(bubble('שלום').evaluate((el) => getComputedStyle(el).direction)).resolves.toBe('rtl');
    await expect(bubble('override').evaluate((el) => getComputedStyle(el).direction)).resolves.toBe('ltr');
    await page.context().close();
  });

  it("the admin's ticket page keeps the chat's foot on screen at 1280x800, also with the reconnect banner", async () => {
    const bob = await w.api.registerCustomer({ firstName: 'Ezra' });
    const ticket = await w.api.raiseTicket(bob.token, { subject: 'A long conversation', category: 'Electronics' });
    await w.api.assign(w.admin.token, ticket.id, ada.user.id);
    for (let i = 1; i <= 30; i++) await write(ticket.id, i % 2 ? bob : ada, `Line ${i} of the conversation`);
    await w.api.assign(w.admin.token, ticket.id, grace.user.id);

    const page = await w.people.page('admin', { token: w.admin.token, viewport: { width: 1280, height: 800 } });
    await page.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    await messages(page).getByText('Line 30 of the conversation').waitFor();
    // The admin sees the same lines in the conversation, worded for a bystander.
    await eventLines(page).filter({ hasText: 'Ticket passed from Ada to Grace' }).waitFor();
    await page.waitForTimeout(600); // the smooth scroll to the newest line

    const foot = page.getByRole('note').filter({ hasText: 'You are observing this conversation' });
    /** Where the chat's foot ends, after checking that it is on screen and the list scrolls inside. */
    const footBottom = async () => {
      const box = await foot.boundingBox();
      const m = await page.evaluate(() => {
        const log = document.querySelector('[role="log"]') as HTMLElement;
        return { innerHeight: window.innerHeight, logScrolls: log.scrollHeight > log.clientHeight + 100 };
      });
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(m.innerHeight + 1);
      expect(m.logScrolls).toBe(true);
      return box!.y + box!.height;
    };
    const before = await footBottom();
    await page.context().setOffline(true);
    await reconnecting(page).waitFor();
    // The banner takes its line from the chat, not from below the window: the foot stays where it was.
    expect(Math.abs((await footBottom()) - before)).toBeLessThanOrEqual(2);
    // The list got shorter for the banner; the reader who was at the newest line still sees it.
    const passed = eventLines(page).filter({ hasText: 'Ticket passed from Ada to Grace' });
    await expect(
      passed.evaluate((el) => {
        const log = el.closest('[role="log"]')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return box.top >= log.top && box.bottom <= log.bottom + 1;
      }),
    ).resolves.toBe(true);
    await page.context().setOffline(false);
    await reconnecting(page).waitFor({ state: 'detached' });
    await page.context().close();
  });
});
