/**
 * Messages written offline survive the tab: the outbox is kept in localStorage for the
 * signed-in user, so a customer who writes while offline and closes the tab has the messages
 * delivered (once each, in order) by the next page of the app they open, even one that never
 * shows that chat; an open chat shows them as "Sending…" until then. Closing a tab while
 * something is still sending asks first. Tabs open side by side follow one another live: what
 * one writes shows in the others at once, a tab that stays delivers what a closed one left, and a
 * refused message is shown (not resent) in every tab and on every load until it is discarded.
 */
import type { BrowserContext, Dialog, Page } from 'playwright-core';
import type { MessageDto, TicketDto } from '@ccr/shared';
import type { Session } from '../helpers/api';
import { eventually } from '../helpers/socket';
import { composer, messages, reconnecting, shownBodies, storedOutbox, useBrowserApp } from './browser';

jest.setTimeout(180_000);

describe('the outbox across closed tabs', () => {
  const w = useBrowserApp();

  /** A browser profile signed in as `token`, whose pages share one localStorage; dialogs are left to the test. */
  async function profile(token: string): Promise<BrowserContext> {
    const context = await w.browser.newContext({ viewport: { width: 1280, height: 800 } });
    w.people.contexts.push(context);
    await context.addInitScript((t) => localStorage.getItem('ccr.token') ?? localStorage.setItem('ccr.token', t), token);
    return context;
  }

  async function tab(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => w.people.problems.push(`customer: ${e.message}`));
    await page.goto(`${w.app.url}${path}`);
    return page;
  }

  /** A customer's ticket assigned to an agent whose chat is open; the customer's browser profile, no tab open yet. */
  async function chat(): Promise<{ customer: Session; ticket: TicketDto; eli: Page; context: BrowserContext }> {
    const customer = await w.api.registerCustomer({ firstName: 'Nora' });
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Eli', expertise: [] });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'My parcel went to the wrong town' });
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    const eli = await w.people.page('agent', { token: agent.token });
    await eli.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await composer(eli).waitFor();
    return { customer, ticket, eli, context: await profile(customer.token) };
  }

  async function writeOffline(page: Page, bodies: string[]): Promise<void> {
    await page.context().setOffline(true);
    await reconnecting(page).waitFor();
    for (const body of bodies) {
      await composer(page).fill(body);
      await composer(page).press('Enter');
      await messages(page).locator('[data-state="sending"]').filter({ hasText: body }).waitFor();
    }
  }

  const storedBodies = async (ticket: TicketDto, customer: Session) =>
    ((await w.api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200)).body as { items: MessageDto[] }).items.map(
      (m) => m.body,
    );

  async function untilStored(ticket: TicketDto, customer: Session, count: number): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const bodies = await storedBodies(ticket, customer);
      if (bodies.length >= count || Date.now() > deadline) return bodies;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Every message shown in the open chat, sending ones included, in order. */
  const allShown = (page: Page) =>
    messages(page)
      .locator('[data-state] .bubble')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));

  it('delivers what was written offline in a closed tab once the user opens the app again, once each and in order', async () => {
    const { customer, ticket, eli, context } = await chat();
    const first = await tab(context, `/customer/tickets/${ticket.id}`);
    await composer(first).waitFor();
    const written = ['Are you there?', 'The tracking says Springfield', 'I live in Shelbyville'];
    await writeOffline(first, written);
    await first.close();
    await expect(storedBodies(ticket, customer)).resolves.toEqual([]);

    // Back online, the customer opens the app at their ticket list: the chat itself is never opened.
    await context.setOffline(false);
    const next = await tab(context, '/customer');
    await next.getByRole('heading', { name: 'My tickets' }).waitFor();
    await expect(untilStored(ticket, customer, written.length)).resolves.toEqual(written);
    for (const body of written) await messages(eli).getByText(body).waitFor();
    await expect(shownBodies(eli)).resolves.toEqual(written);

    // Nothing is sent twice afterwards, nothing is left waiting, and the chat shows each message once.
    await next.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await messages(next).locator(`[data-seq="${written.length}"]`).waitFor();
    await expect(allShown(next)).resolves.toEqual(written);
    await expect(messages(next).locator('[data-state="sending"]').count()).resolves.toBe(0);
    await expect(storedOutbox(next, customer.user.id)).resolves.toEqual([]);
    await expect(storedBodies(ticket, customer)).resolves.toEqual(written);
    await expect(shownBodies(eli)).resolves.toEqual(written);
    expect(w.people.problems.filter((p) => !/Failed to fetch|WebSocket|ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
  });

  it('asks before a tab with unsent messages closes, and the next tab shows them as sending until they are delivered', async () => {
    const { customer, ticket, eli, context } = await chat();
    const first = await tab(context, `/customer/tickets/${ticket.id}`);
    await composer(first).waitFor();

    const written = ['First, offline', 'Second, offline'];
    await writeOffline(first, written);
    const asked = new Promise<Dialog | null>((resolve) => {
      first.once('dialog', resolve);
      setTimeout(() => resolve(null), 5_000);
    });
    await first.close({ runBeforeUnload: true });
    const dialog = await asked;
    if (!dialog) throw new Error('closing the tab with messages still sending did not ask first');
    expect(dialog.type()).toBe('beforeunload');
    // Staying on the page keeps it open with the messages still waiting.
    await dialog.dismiss();
    expect(first.isClosed()).toBe(false);
    await expect(messages(first).locator('[data-state="sending"]').count()).resolves.toBe(written.length);
    // Leaving anyway: the messages stay in this browser's outbox.
    const leaving = new Promise<void>((resolve) => first.once('close', () => resolve()));
    first.once('dialog', (d) => void d.accept());
    await first.close({ runBeforeUnload: true });
    await leaving;

    // The next tab opens the chat while the realtime connection cannot be made yet.
    let blockSocket = true;
    await context.setOffline(false);
    const next = await context.newPage();
    next.setDefaultTimeout(20_000);
    await next.routeWebSocket(/\/socket\.io\//, (ws) => (blockSocket ? ws.close() : ws.connectToServer()));
    await next.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await composer(next).waitFor();
    await messages(next)
      .locator('[data-state="sending"]')
      .nth(written.length - 1)
      .waitFor();
    await expect(allShown(next)).resolves.toEqual(written);
    await expect(next.getByText('Sending…').count()).resolves.toBe(written.length);
    await expect(storedBodies(ticket, customer)).resolves.toEqual([]);

    blockSocket = false;
    await messages(next).locator(`[data-seq="${written.length}"][data-state="sent"]`).waitFor({ timeout: 30_000 });
    await expect(allShown(next)).resolves.toEqual(written);
    await expect(storedBodies(ticket, customer)).resolves.toEqual(written);
    for (const body of written) await messages(eli).getByText(body).waitFor();
    await expect(shownBodies(eli)).resolves.toEqual(written);

    // With nothing pending any more the tab closes without a question.
    const dialogs: string[] = [];
    next.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    const closing = new Promise<void>((resolve) => next.once('close', () => resolve()));
    await next.close({ runBeforeUnload: true });
    await closing;
    expect(dialogs).toEqual([]);
  });

  it('with two tabs of one customer open, each message is stored and shown once', async () => {
    const { customer, ticket, eli, context } = await chat();
    const writer = await tab(context, `/customer/tickets/${ticket.id}`);
    const reader = await tab(context, `/customer/tickets/${ticket.id}`);
    await composer(writer).waitFor();
    await composer(reader).waitFor();
    const written = ['One from the first tab', 'Two from the first tab', 'Three from the first tab'];
    await writeOffline(writer, written);

    // Both tabs come back; each may send what the outbox holds, the server keeps each message once.
    await context.setOffline(false);
    for (const page of [writer, reader, eli]) {
      await messages(page).locator(`[data-seq="${written.length}"]`).waitFor();
    }
    await expect(untilStored(ticket, customer, written.length)).resolves.toEqual(written);
    for (const page of [writer, reader]) {
      await expect(messages(page).locator('[data-state="sending"]').count()).resolves.toBe(0);
      await expect(allShown(page)).resolves.toEqual(written);
    }
    await expect(shownBodies(eli)).resolves.toEqual(written);

    // The reader tab reloads: nothing comes back from the outbox.
    await reader.reload();
    await messages(reader).locator(`[data-seq="${written.length}"]`).waitFor();
    await expect(allShown(reader)).resolves.toEqual(written);
    await expect(storedBodies(ticket, customer)).resolves.toEqual(written);
  });

  /** Waits (briefly: "at once") until the chat shows `body` in `state`. */
  const showsAtOnce = (page: Page, body: string, state: 'sending' | 'failed') =>
    messages(page).locator(`[data-state="${state}"]`).filter({ hasText: body }).waitFor({ timeout: 3_000 });

  it('shows what one tab writes offline in the other at once, and the other delivers it, once, when the first was closed', async () => {
    const { customer, ticket, eli, context } = await chat();
    const path = `/customer/tickets/${ticket.id}`;
    const [a, b, c] = [await tab(context, path), await tab(context, path), await tab(context, path)];
    await Promise.all([composer(a).waitFor(), composer(b).waitFor(), composer(c).waitFor()]);

    await writeOffline(a, ['One, from tab A']);
    await showsAtOnce(b, 'One, from tab A', 'sending');
    await writeOffline(b, ['Two, from tab B']);
    await showsAtOnce(a, 'Two, from tab B', 'sending');
    await writeOffline(a, ['Three, from tab A']);
    await showsAtOnce(b, 'Three, from tab A', 'sending');
    const written = ['One, from tab A', 'Two, from tab B', 'Three, from tab A'];
    await expect(allShown(b)).resolves.toEqual(written);

    // A third tab shows them all too, but they are the open tabs' to send: it closes without asking.
    await showsAtOnce(c, 'Three, from tab A', 'sending');
    await expect(allShown(c)).resolves.toEqual(written);
    const asked: string[] = [];
    c.on('dialog', (d) => {
      asked.push(d.type());
      void d.accept();
    });
    const closing = new Promise<void>((resolve) => c.once('close', () => resolve()));
    await c.close({ runBeforeUnload: true });
    await closing;
    expect(asked).toEqual([]);

    // Tab A is closed with everything still waiting; back online, tab B delivers it all.
    await a.close();
    await context.setOffline(false);
    await messages(b).locator(`[data-seq="${written.length}"][data-state="sent"]`).waitFor();
    await expect(untilStored(ticket, customer, written.length)).resolves.toEqual(written);
    for (const body of written) await messages(eli).getByText(body).waitFor();
    await expect(shownBodies(eli)).resolves.toEqual(written);
    await expect(allShown(b)).resolves.toEqual(written);
    await expect(storedOutbox(b, customer.user.id)).resolves.toEqual([]);
  });

  it('shows a refused message in every tab, does not send it again on a reload, and a discard in one tab removes it from the other', async () => {
    const { customer, ticket, context } = await chat();
    const [a, b] = [await tab(context, `/customer/tickets/${ticket.id}`), await tab(context, `/customer/tickets/${ticket.id}`)];
    await Promise.all([composer(a).waitFor(), composer(b).waitFor()]);
    await writeOffline(a, ['Written as it closed']);
    await w.api.post(`/tickets/${ticket.id}/close`, undefined, w.admin.token).expect(200);
    await context.setOffline(false);
    for (const page of [a, b])
      await messages(page)
        .locator('[data-state="failed"]')
        .getByText(/Not sent/)
        .waitFor();

    // A reload shows it as not sent again, without sending it to be refused once more: the page
    // connects and joins the chat, and in the second after that (a resend goes out with the join) sends nothing.
    const emitted: string[] = [];
    b.on('websocket', (ws) => ws.on('framesent', (f) => void (typeof f.payload === 'string' && emitted.push(f.payload))));
    await b.reload();
    await showsAtOnce(b, 'Written as it closed', 'failed');
    await b.getByRole('note').filter({ hasText: 'What was not sent goes into a new ticket.' }).waitFor();
    await expect(eventually(async () => emitted.some((f) => f.includes('ticket:join')), Boolean)).resolves.toBe(true);
    await b.waitForTimeout(1_000);
    expect(emitted.filter((f) => f.includes('message:send'))).toEqual([]);

    // Signing out asks about it for what it is: refused, kept to copy, not still on its way.
    const asked = new Promise<string>((resolve) =>
      b.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await b.getByRole('button', { name: 'Sign out' }).click();
    await expect(asked).resolves.toBe(
      '1 message that could not be sent is kept here to copy. Signing out deletes it from this browser. Sign out anyway?',
    );

    // Discarded in tab B, it goes from tab A too, and from the browser.
    await messages(b).getByRole('button', { name: 'Discard' }).click();
    await messages(a).locator('[data-state="failed"]').waitFor({ state: 'detached', timeout: 3_000 });
    await expect(messages(a).getByText('Written as it closed').count()).resolves.toBe(0);
    await expect(storedOutbox(a, customer.user.id)).resolves.toEqual([]);
    await expect(storedBodies(ticket, customer)).resolves.toEqual([]);
  });

  it("an agent's workspace in another tab says at once what is being sent in a chat open in the first", async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Nora' });
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Rae', expertise: [], maxConcurrent: 5 });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'My parcel went to the wrong town' });
    const other = await w.api.raiseTicket(customer.token, { subject: 'And the invoice is wrong' });
    for (const t of [ticket, other]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    const desk = await profile(agent.token);
    const [a, b] = [await tab(desk, `/agent/tickets/${ticket.id}`), await tab(desk, `/agent/tickets/${other.id}`)];
    await Promise.all([composer(a).waitFor(), composer(b).waitFor()]);
    const line = b
      .getByRole('complementary', { name: 'Your conversations' })
      .getByRole('link', { name: /My parcel went to the wrong town/ })
      .locator('.conv-preview');

    await writeOffline(a, ['It is on its way back to you']);
    await line.getByText('Sending: It is on its way back to you').waitFor({ timeout: 3_000 });
    await a.close();
    await desk.setOffline(false);
    await line.getByText('You: It is on its way back to you').waitFor();
    await expect(untilStored(ticket, customer, 1)).resolves.toEqual(['It is on its way back to you']);
  });
});
