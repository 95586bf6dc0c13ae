/**
 * The agent's workspace with several live chats: three customers write at once, the chat
 * that is open shows its messages live, the others raise their unread badges; switching
 * keeps drafts and the scroll position; the customer's other tickets sit beside the chat;
 * Alt+↑ / Alt+↓ move between them from the keyboard;
 * a message that arrives while the tab is hidden beeps and raises a browser notification; after a
 * reload, read receipts ("Seen") and the last message of each chat are still shown.
 */
import type { Page } from 'playwright-core';
import type { MessageDto, TicketDto } from '@ccr/shared';
import { newClientId, type Session } from '../helpers/api';
import { composer, messages, say, shownBodies, useBrowserApp } from './browser';

jest.setTimeout(180_000);

describe('the agent workspace', () => {
  const w = useBrowserApp();

  const write = (ticket: TicketDto, from: Session, body: string) =>
    w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, from.token).expect(201);
  /** A conversation in the list, found by its accessible name (customer, subject, preview, unread count). */
  const conversation = (page: Page, subject: string) =>
    page.getByRole('complementary', { name: 'Your conversations' }).getByRole('link', { name: new RegExp(subject) });

  it('receives in three chats at once, with badges, drafts and scroll positions kept', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Mira', expertise: [], maxConcurrent: 5 });
    const names = ['Anna', 'Bert', 'Cleo'];
    const customers: Session[] = [];
    const tickets: TicketDto[] = [];
    for (const name of names) {
      const c = await w.api.registerCustomer({ firstName: name, lastName: 'Shopper' });
      customers.push(c);
      tickets.push(await w.api.raiseTicket(c.token, { subject: `${name}'s question about the toaster`, category: 'Home & Kitchen' }));
    }
    for (const t of tickets) await w.api.assign(w.admin.token, t.id, agent.user.id);
    // Anna has a long history, to scroll through.
    for (let i = 1; i <= 30; i++) await write(tickets[0], i % 2 ? customers[0] : agent, `History line ${i}`);
    const [annaT, bertT, cleoT] = tickets;
    const [anna, bert, cleo] = customers;
    const subj = (t: TicketDto) => t.subject.replace(/[.*+?^${}()|[\]\\']/g, '.');

    const mira = await w.people.page('agent', { token: agent.token, viewport: { width: 1440, height: 900 } });
    await mira.goto(`${w.app.url}/agent`);
    for (const t of tickets) await conversation(mira, subj(t)).waitFor();

    // Anna's chat is open: her message appears in it; Bert's and Cleo's raise their badges.
    await conversation(mira, subj(annaT)).click();
    await mira.waitForURL(`**/agent/tickets/${annaT.id}`);
    await messages(mira).getByText('History line 30').waitFor();
    await write(annaT, anna, 'Anna: is it 2 or 4 slices?');
    await write(bertT, bert, 'Bert: does it have a bagel setting?');
    await write(cleoT, cleo, 'Cleo: mine smells of plastic');
    await write(cleoT, cleo, 'Cleo: is that normal?');
    await messages(mira).getByText('Anna: is it 2 or 4 slices?').waitFor();
    await conversation(mira, `${subj(bertT)}.*1 unread`).waitFor();
    await conversation(mira, `${subj(cleoT)}.*2 unread`).waitFor();
    await expect(conversation(mira, `${subj(annaT)}.*unread`).count()).resolves.toBe(0);
    // The list shows each chat's last message.
    await conversation(mira, subj(bertT)).getByText('Bert: does it have a bagel setting?').waitFor();

    // A draft in Anna's chat, and a scroll position away from the newest message.
    await composer(mira).fill('Draft for Anna, not sent yet');
    const log = messages(mira);
    await log.evaluate((el) => el.scrollTo({ top: 120, behavior: 'instant' }));
    await mira.waitForTimeout(200);
    const annaScroll = await log.evaluate((el) => el.scrollTop);
    expect(annaScroll).toBeGreaterThan(50);

    // Switch to Bert: his message is there, his badge is gone, the composer is his own.
    await conversation(mira, subj(bertT)).click();
    await mira.waitForURL(`**/agent/tickets/${bertT.id}`);
    await messages(mira).getByText('Bert: does it have a bagel setting?').waitFor();
    await expect(composer(mira).inputValue()).resolves.toBe('');
    await expect(conversation(mira, `${subj(bertT)}.*unread`).count()).resolves.toBe(0);
    await composer(mira).fill('Draft for Bert');

    // Meanwhile Anna writes again: now her badge rises.
    await write(annaT, anna, 'Anna: hello?');
    await conversation(mira, `${subj(annaT)}.*1 unread`).waitFor();

    // Cleo's chat shows both of her messages and takes a reply.
    await conversation(mira, subj(cleoT)).click();
    await mira.waitForURL(`**/agent/tickets/${cleoT.id}`);
    await messages(mira).getByText('Cleo: is that normal?').waitFor();
    await expect(shownBodies(mira)).resolves.toEqual(['Cleo: mine smells of plastic', 'Cleo: is that normal?']);
    await say(mira, 'That smell goes after the first few uses.');

    // Back to Anna: her draft, her scroll position, and the message that came meanwhile.
    await conversation(mira, subj(annaT)).click();
    await mira.waitForURL(`**/agent/tickets/${annaT.id}`);
    await expect(composer(mira).inputValue()).resolves.toBe('Draft for Anna, not sent yet');
    await messages(mira).getByText('Anna: hello?').waitFor({ state: 'attached' });
    await mira.waitForTimeout(300);
    const restored = await messages(mira).evaluate((el) => el.scrollTop);
    expect(Math.abs(restored - annaScroll)).toBeLessThan(5);
    await composer(mira).press('Enter');
    await messages(mira).locator('[data-state="sent"]').filter({ hasText: 'Draft for Anna, not sent yet' }).waitFor();

    // And Bert's draft is still his.
    await conversation(mira, subj(bertT)).click();
    await mira.waitForURL(`**/agent/tickets/${bertT.id}`);
    await expect(composer(mira).inputValue()).resolves.toBe('Draft for Bert');

    // Alt+↑ / Alt+↓ move to the conversation before or after in the list, from the composer too.
    const order = await mira
      .getByRole('complementary', { name: 'Your conversations' })
      .locator('a.conv')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-ticket-id')));
    const at = order.indexOf(bertT.id);
    const [there, back] = at > 0 ? ['Alt+ArrowUp', 'Alt+ArrowDown'] : ['Alt+ArrowDown', 'Alt+ArrowUp'];
    await composer(mira).focus();
    await mira.keyboard.press(there);
    await mira.waitForURL(`**/agent/tickets/${order[at > 0 ? at - 1 : at + 1]}`);
    await mira.keyboard.press(back);
    await mira.waitForURL(`**/agent/tickets/${bertT.id}`);
    await expect(composer(mira).inputValue()).resolves.toBe('Draft for Bert');

    // Every reply was stored on the right ticket.
    const last = async (t: TicketDto, s: Session) =>
      ((await w.api.get(`/tickets/${t.id}/messages?limit=200`, s.token).expect(200)).body as { items: MessageDto[] }).items.at(-1)?.body;
    await expect(last(annaT, anna)).resolves.toBe('Draft for Anna, not sent yet');
    await expect(last(cleoT, cleo)).resolves.toBe('That smell goes after the first few uses.');
    await expect(last(bertT, bert)).resolves.toBe('Bert: does it have a bagel setting?');
    expect(w.people.problems).toEqual([]);
  });

  it('after a reload still shows "Seen" under what the other side read, and every chat\'s last message in the lists', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Alex', expertise: [], maxConcurrent: 5 });
    const customer = await w.api.registerCustomer({ firstName: 'Carla' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Carla asks about a rain jacket', category: 'Fashion' });
    const quiet = await w.api.raiseTicket(customer.token, { subject: 'Carla has a quiet question', category: 'Fashion' });
    for (const t of [ticket, quiet]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    await write(ticket, customer, 'Is the jacket waterproof?'); // 1
    const seen = (page: Page, seq: number) => messages(page).locator(`[data-seq="${seq}"]`).getByText('Seen', { exact: true });

    // Alex answers; Carla opens her chat and reads it: he sees "Seen" live.
    const alex = await w.people.page('agent', { token: agent.token, viewport: { width: 1440, height: 900 } });
    await alex.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await messages(alex).getByText('Is the jacket waterproof?').waitFor();
    await say(alex, 'It is, up to 10,000 mm.'); // 2
    await messages(alex).locator('[data-seq="2"]').getByText('Sent', { exact: true }).waitFor();
    const carla = await w.people.page('customer', { token: customer.token });
    await carla.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await messages(carla).getByText('It is, up to 10,000 mm.').waitFor();
    await seen(alex, 2).waitFor();
    await carla.close();

    // Reloaded (nobody reads anything meanwhile), his chat still says so, and the list shows each chat's last message.
    await alex.reload();
    await messages(alex).getByText('It is, up to 10,000 mm.').waitFor();
    await seen(alex, 2).waitFor();
    await conversation(alex, 'rain jacket').getByText('You: It is, up to 10,000 mm.').waitFor();
    await expect(conversation(alex, 'quiet question').locator('.conv-preview').count()).resolves.toBe(0);

    // The other way round: Carla writes, Alex (chat open) reads it; her reloaded chat and her list say so too.
    const carlaAgain = await w.people.page('customer', { token: customer.token });
    await carlaAgain.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await say(carlaAgain, 'And the hood?'); // 3
    await seen(carlaAgain, 3).waitFor();
    await conversation(alex, 'rain jacket').getByText('Carla: And the hood?').waitFor();
    await alex.reload();
    await conversation(alex, 'rain jacket').getByText('Carla: And the hood?').waitFor();
    await alex.close();
    await carlaAgain.reload();
    await messages(carlaAgain).getByText('And the hood?').waitFor();
    await seen(carlaAgain, 3).waitFor();
    await carlaAgain.goto(`${w.app.url}/customer`);
    const rows = carlaAgain.getByRole('list', { name: 'Your tickets' });
    await rows
      .getByRole('link', { name: /rain jacket/ })
      .getByText('You: And the hood?')
      .waitFor();
    await expect(
      rows
        .getByRole('link', { name: /quiet question/ })
        .locator('.preview')
        .count(),
    ).resolves.toBe(0);
    expect(w.people.problems).toEqual([]);
  });

  it('drops the old agent\'s "Seen" when the ticket goes to another agent, and shows the new one\'s', async () => {
    const bea = await w.api.createAgent(w.admin.token, { firstName: 'Bea', expertise: [], maxConcurrent: 5 });
    const cy = await w.api.createAgent(w.admin.token, { firstName: 'Cy', expertise: [], maxConcurrent: 5 });
    const customer = await w.api.registerCustomer({ firstName: 'Dora' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Dora asks about a laptop sleeve', category: 'Fashion' });
    await w.api.assign(w.admin.token, ticket.id, bea.user.id);
    const status = (page: Page, label: string) => messages(page).locator('[data-seq="1"]').getByText(label, { exact: true });

    // Dora writes with her chat open; Bea reads it: "Seen", live.
    const dora = await w.people.page('customer', { token: customer.token });
    await dora.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await say(dora, 'Does it fit a 15-inch laptop?'); // 1
    await status(dora, 'Sent').waitFor();
    const beaPage = await w.people.page('agent', { token: bea.token });
    await beaPage.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await messages(beaPage).getByText('Does it fit a 15-inch laptop?').waitFor();
    await status(dora, 'Seen').waitFor();
    await beaPage.close();

    // The ticket goes to Cy, who has read nothing yet: Dora's chat, still open, says "Sent" again.
    await w.api.assign(w.admin.token, ticket.id, cy.user.id);
    await status(dora, 'Sent').waitFor();
    // Cy opens it: "Seen" again.
    const cyPage = await w.people.page('agent', { token: cy.token });
    await cyPage.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await messages(cyPage).getByText('Does it fit a 15-inch laptop?').waitFor();
    await status(dora, 'Seen').waitFor();
    expect(w.people.problems).toEqual([]);
  });

  it("shows the customer's other tickets beside the chat, linking only the agent's own", async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Noor', expertise: [], maxConcurrent: 5 });
    const other = await w.api.createAgent(w.admin.token, { firstName: 'Olaf', expertise: [] });
    const customer = await w.api.registerCustomer({ firstName: 'Dora' });
    const older = await w.api.raiseTicket(customer.token, { subject: 'Old kettle question' });
    const elsewhere = await w.api.raiseTicket(customer.token, { subject: 'Handled by someone else' });
    const _waiting = await w.api.raiseTicket(customer.token, { subject: 'Still waiting one' });
    const current = await w.api.raiseTicket(customer.token, { subject: 'Current blender question' });
    await w.api.assign(w.admin.token, older.id, agent.user.id);
    await w.api.post(`/tickets/${older.id}/close`, undefined, customer.token).expect(200);
    await w.api.assign(w.admin.token, elsewhere.id, other.user.id);
    await w.api.assign(w.admin.token, current.id, agent.user.id);

    const noor = await w.people.page('agent', { token: agent.token, viewport: { width: 1440, height: 900 } });
    await noor.goto(`${w.app.url}/agent/tickets/${current.id}`);
    const panel = noor.getByRole('region', { name: "Dora's other tickets" });
    await panel.waitFor();
    await panel.getByRole('link', { name: /Old kettle question/ }).waitFor();
    await panel.getByText('Handled by someone else').waitFor();
    await panel.getByText('Still waiting one').waitFor();
    await expect(panel.getByRole('link').count()).resolves.toBe(1);
    await expect(panel.getByText('Current blender question').count()).resolves.toBe(0);
    // Newest first.
    const order = await panel.locator('li').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(order.map((t) => t.match(/Old kettle|someone else|waiting one/)?.[0])).toEqual(['waiting one', 'someone else', 'Old kettle']);

    await panel.getByRole('link', { name: /Old kettle question/ }).click();
    await noor.waitForURL(`**/agent/tickets/${older.id}`);
    await noor.getByText('This ticket is closed').waitFor();
    expect(w.people.problems).toEqual([]);
  });

  it('beeps and notifies when a message arrives while the tab is hidden, as switched on', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Pia', expertise: [] });
    const customer = await w.api.registerCustomer({ firstName: 'Ezra' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Ezra asks about a lamp' });
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);

    const pia = await w.people.page('agent', { token: agent.token });
    await pia.context().grantPermissions(['notifications'], { origin: w.app.url });
    // Record what the page asks of the browser: notifications shown and tones started.
    await pia.addInitScript(() => {
      const w = window as unknown as { __alerts: { notes: { title: string; body: string }[]; tones: number } };
      w.__alerts = { notes: [], tones: 0 };
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, opts?: { body?: string }) {
          w.__alerts.notes.push({ title, body: opts?.body ?? '' });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true });
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
        w.__alerts.tones++;
        return start.apply(this, args);
      };
    });
    const recorded = () =>
      pia.evaluate(() => (window as unknown as { __alerts: { notes: { title: string; body: string }[]; tones: number } }).__alerts);
    const hide = (hidden: boolean) =>
      pia.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
        Object.defineProperty(document, 'hidden', { value: h, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);

    await pia.goto(`${w.app.url}/agent`);
    await pia.getByRole('link', { name: /Ezra asks about a lamp/ }).waitFor();

    // Off by default: a hidden-tab message makes no noise.
    await hide(true);
    await w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'First, unheard' }, customer.token).expect(201);
    await pia.getByRole('link', { name: /Ezra asks about a lamp.*1 unread/ }).waitFor();
    await expect(recorded()).resolves.toEqual({ notes: [], tones: 0 });
    await hide(false);

    // Switch both on (in the workspace, by label).
    await pia.getByRole('switch', { name: 'Desktop notifications' }).check();
    await pia.getByRole('switch', { name: 'Sound' }).check();
    await expect(pia.getByRole('switch', { name: 'Desktop notifications' }).isChecked()).resolves.toBe(true);
    const tonesAfterPreview = (await recorded()).tones;

    // Visible tab: the badge is enough.
    await w.api
      .post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Second, while looking' }, customer.token)
      .expect(201);
    await pia.getByRole('link', { name: /Ezra asks about a lamp.*2 unread/ }).waitFor();
    await expect(recorded()).resolves.toEqual({ notes: [], tones: tonesAfterPreview });

    // Hidden tab: a notification naming the customer and ticket, and a beep.
    await hide(true);
    await w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Third, while away' }, customer.token).expect(201);
    await pia.getByRole('link', { name: /Ezra asks about a lamp.*3 unread/ }).waitFor();
    const after = await recorded();
    expect(after.notes).toEqual([{ title: expect.stringContaining('Ezra') as unknown as string, body: 'Third, while away' }]);
    expect(after.notes[0].title).toContain('Ezra asks about a lamp');
    expect(after.tones).toBe(tonesAfterPreview + 1);

    // The choice is remembered; switching notifications off stops them.
    await hide(false);
    await pia.reload();
    await expect(pia.getByRole('switch', { name: 'Sound' }).isChecked()).resolves.toBe(true);
    await pia.getByRole('switch', { name: 'Desktop notifications' }).uncheck();
    await hide(true);
    await w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Fourth' }, customer.token).expect(201);
    await pia.getByRole('link', { name: /Ezra asks about a lamp.*4 unread/ }).waitFor();
    expect((await recorded()).notes).toEqual([]);
    expect(w.people.problems).toEqual([]);
  });
});
