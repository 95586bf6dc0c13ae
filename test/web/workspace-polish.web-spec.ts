/**
 * The finishing touches a helpdesk user expects: the browser tab counts unread messages and drops
 * the count as they are read; the conversation list shows an unsent draft ("Draft: …") and a
 * message still on its way while offline ("Sending: …") instead of the older last message; on a
 * phone the header says who is signed in (initials that open a card) and, signed out, offers
 * "Sign in" and "Create account"; the stats say when they were updated as the rest of the app
 * shows times (no seconds) and name the last day of the series "Today".
 */
import type { Page } from 'playwright-core';
import type { TicketDto } from '@ccr/shared';
import { newClientId, type Session } from '../helpers/api';
import { composer, messages, reconnecting, useBrowserApp } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('workspace polish', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  const write = (ticket: TicketDto, from: Session, body: string) =>
    w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, from.token).expect(201);
  const conversation = (page: Page, subject: string) =>
    page.getByRole('complementary', { name: 'Your conversations' }).getByRole('link', { name: new RegExp(subject) });
  const preview = (page: Page, subject: string) => conversation(page, subject).locator('.conv-preview');
  const title = (page: Page) => page.evaluate(() => document.title);
  /** Waits until the tab's title matches. */
  const titleMatches = (page: Page, re: RegExp) =>
    page.waitForFunction(([source, flags]) => new RegExp(source, flags).test(document.title), [re.source, re.flags] as const);

  /** An agent with two customers' tickets assigned. */
  async function twoChats(agentName: string) {
    const agent = await w.api.createAgent(w.admin.token, { firstName: agentName, expertise: [], maxConcurrent: 5 });
    const ann = await w.api.registerCustomer({ firstName: 'Ann' });
    const ben = await w.api.registerCustomer({ firstName: 'Ben' });
    const annT = await w.api.raiseTicket(ann.token, { subject: `Ann asks ${agentName} about a kettle` });
    const benT = await w.api.raiseTicket(ben.token, { subject: `Ben asks ${agentName} about a toaster` });
    for (const t of [annT, benT]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    return { agent, ann, ben, annT, benT };
  }

  it('counts unread messages in the tab title, live, and drops the count as they are read', async () => {
    const { agent, ann, ben, annT, benT } = await twoChats('Tia');
    const tia = await w.people.page('agent', { token: agent.token, viewport: DESKTOP });
    await tia.goto(`${w.app.url}/agent/tickets/${annT.id}`);
    await composer(tia).waitFor();
    await titleMatches(tia, /^#\d+ Ann asks Tia about a kettle · Customer Care Registry$/);

    // Ben writes twice while Tia is in Ann's chat: the tab says (2), in front of the chat's own title.
    await write(benT, ben, 'Hello?');
    await titleMatches(tia, /^\(1\) #\d+ Ann asks/);
    await write(benT, ben, 'Anyone there?');
    await titleMatches(tia, /^\(2\) #\d+ Ann asks Tia about a kettle · Customer Care Registry$/);
    // Ann's messages arrive in the open chat: read at once, not counted.
    await write(annT, ann, 'Thanks for picking this up');
    await messages(tia).getByText('Thanks for picking this up').waitFor();
    await tia.waitForTimeout(300);
    expect(await title(tia)).toMatch(/^\(2\) /);

    // Opening Ben's chat reads his messages: the count goes, and the new chat's title keeps none.
    await conversation(tia, 'Ben asks').click();
    await messages(tia).getByText('Anyone there?').waitFor();
    await titleMatches(tia, /^#\d+ Ben asks Tia about a toaster · Customer Care Registry$/);

    // The workspace's own page counts too.
    await write(annT, ann, 'One more thing');
    await titleMatches(tia, /^\(1\) #\d+ Ben asks/);
    await tia.getByRole('link', { name: 'Workspace', exact: true }).click();
    await titleMatches(tia, /^\(1\) Workspace · Customer Care Registry$/);
    await conversation(tia, 'Ann asks').click();
    await messages(tia).getByText('One more thing').waitFor();
    await titleMatches(tia, /^#\d+ Ann asks Tia about a kettle · /);
  });

  it('shows "Draft: …" for a chat left with unsent text, until it is sent or cleared', async () => {
    const { agent, ann, annT, benT } = await twoChats('Dan');
    await write(annT, ann, 'Does the kettle descale itself?');
    const dan = await w.people.page('agent', { token: agent.token, viewport: DESKTOP });
    await dan.goto(`${w.app.url}/agent/tickets/${annT.id}`);
    await messages(dan).getByText('Does the kettle descale itself?').waitFor();
    await expect(preview(dan, 'Ann asks').textContent()).resolves.toBe('Ann: Does the kettle descale itself?');

    // Half a reply, then over to Ben: Ann's line shows the draft instead of her last message.
    await composer(dan).fill('It does, every\nthirty cycles');
    // The open chat's draft is in its composer, not in the list.
    await expect(preview(dan, 'Ann asks').textContent()).resolves.toBe('Ann: Does the kettle descale itself?');
    await conversation(dan, 'Ben asks').click();
    await dan.waitForURL(`**/agent/tickets/${benT.id}`);
    await preview(dan, 'Ann asks').getByText('Draft:', { exact: true }).waitFor();
    await expect(preview(dan, 'Ann asks').textContent()).resolves.toBe('Draft: It does, every thirty cycles');
    await conversation(dan, 'Ann asks \\w+ about a kettle.*Draft: It does').waitFor();
    await expect(preview(dan, 'Ben asks').count()).resolves.toBe(0);

    // Back in Ann's chat, the draft is sent: her line shows the message, no draft.
    await conversation(dan, 'Ann asks').click();
    await dan.waitForURL(`**/agent/tickets/${annT.id}`);
    await expect(composer(dan).inputValue()).resolves.toBe('It does, every\nthirty cycles');
    await composer(dan).press('Enter');
    await messages(dan).locator('[data-state="sent"]').filter({ hasText: 'thirty cycles' }).waitFor();
    await conversation(dan, 'Ben asks').click();
    await dan.waitForURL(`**/agent/tickets/${benT.id}`);
    await preview(dan, 'Ann asks').getByText('You: It does, every thirty cycles').waitFor();

    // A draft typed and then deleted again leaves no marker.
    await composer(dan).fill('Maybe later');
    await composer(dan).fill('');
    await conversation(dan, 'Ann asks').click();
    await dan.waitForURL(`**/agent/tickets/${annT.id}`);
    await composer(dan).waitFor();
    await expect(conversation(dan, 'Ben asks').locator('.conv-preview').count()).resolves.toBe(0);
  });

  it('shows "Sending: …" for a message written offline, in its chat\'s line, until it is delivered', async () => {
    const { agent, ann, annT, benT } = await twoChats('Oli');
    await write(annT, ann, 'Is the lid dishwasher safe?');
    const oli = await w.people.page('agent', { token: agent.token, viewport: DESKTOP });
    await oli.goto(`${w.app.url}/agent/tickets/${annT.id}`);
    await messages(oli).getByText('Is the lid dishwasher safe?').waitFor();

    await oli.context().setOffline(true);
    await reconnecting(oli).waitFor();
    await composer(oli).fill('Yes, top rack only');
    await composer(oli).press('Enter');
    await messages(oli).locator('[data-state="sending"]').getByText('Yes, top rack only').waitFor();
    await expect(preview(oli, 'Ann asks').textContent()).resolves.toBe('Sending: Yes, top rack only');

    // Still offline, over to Ben's chat: Ann's line still says what is on its way.
    await conversation(oli, 'Ben asks').click();
    await oli.waitForURL(`**/agent/tickets/${benT.id}`);
    await oli.waitForTimeout(300);
    await expect(preview(oli, 'Ann asks').textContent()).resolves.toBe('Sending: Yes, top rack only');

    // Back online, the message goes out and the line shows it as sent.
    await oli.context().setOffline(false);
    await reconnecting(oli).waitFor({ state: 'detached', timeout: 15_000 });
    await preview(oli, 'Ann asks').getByText('You: Yes, top rack only', { exact: true }).waitFor();
    const stored = (await w.api.get(`/tickets/${annT.id}/messages`, ann.token).expect(200)).body as { items: { body: string }[] };
    expect(stored.items.map((m) => m.body)).toEqual(['Is the lid dishwasher safe?', 'Yes, top rack only']);
  });

  it('on a phone, the header shows who is signed in, and offers sign-in and sign-up when signed out', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Priya', lastName: 'Nandakumar' });
    const priya = await w.people.page('customer', { token: customer.token, viewport: PHONE });
    await priya.goto(`${w.app.url}/customer`);
    const header = priya.getByRole('banner');
    const account = header.getByRole('button', { name: 'Signed in as Priya Nandakumar, Customer' });
    await account.waitFor();
    await expect(account.locator('[aria-hidden="true"]').textContent()).resolves.toBe('PN');
    const box = await account.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await expect(account.getAttribute('aria-expanded')).resolves.toBe('false');
    // Tapping the initials shows the full name, the role and the address; Escape closes it.
    await account.click();
    const card = header.getByRole('group', { name: 'Signed in' });
    await card.getByText('Priya Nandakumar', { exact: true }).waitFor();
    await card.getByText('Customer', { exact: true }).waitFor();
    await card.getByText(customer.user.email).waitFor();
    const cardBox = await card.boundingBox();
    expect(cardBox!.x).toBeGreaterThanOrEqual(0);
    expect(cardBox!.x + cardBox!.width).toBeLessThanOrEqual(PHONE.width);
    await priya.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await expect(account.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(priya.evaluate(() => document.scrollingElement!.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    // One row above the page: the logo, both tabs and the initials (the brand's name is still the logo link's name).
    const headerBox = (await header.boundingBox())!;
    expect(headerBox.height).toBeLessThanOrEqual(56);
    for (const name of ['My tickets', 'New ticket']) {
      const tabBox = (await header.getByRole('link', { name, exact: true }).boundingBox())!;
      expect(tabBox.y + tabBox.height).toBeLessThanOrEqual(headerBox.y + headerBox.height);
      expect(tabBox.x + tabBox.width).toBeLessThanOrEqual(box!.x);
    }
    await header.getByRole('link', { name: 'Customer Care Registry' }).waitFor();
    // Sign out lives in the card, and works from there.
    await expect(header.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(false);
    await account.click();
    await card.getByRole('button', { name: 'Sign out' }).click();
    await priya.waitForURL('**/login');

    // Signed out, on each page a visitor lands on: both ways in, on screen.
    const guest = await w.people.page('guest', { viewport: PHONE });
    for (const path of ['/login', '/register', '/forgot']) {
      await guest.goto(`${w.app.url}${path}`);
      const guestHeader = guest.getByRole('banner');
      for (const name of ['Sign in', 'Create account']) {
        const link = guestHeader.getByRole('link', { name, exact: true });
        await link.waitFor();
        const b = await link.boundingBox();
        expect(b).not.toBeNull();
        expect(b!.x).toBeGreaterThanOrEqual(0);
        expect(b!.x + b!.width).toBeLessThanOrEqual(PHONE.width);
      }
      await expect(guest.evaluate(() => document.scrollingElement!.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    }
    await guest.getByRole('banner').getByRole('link', { name: 'Create account', exact: true }).click();
    await guest.waitForURL('**/register');
  });

  it('the stats say when they were updated as the app shows times, and name the last day "Today"', async () => {
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/stats`);
    const updated = admin.getByText(/Updated/).locator('time');
    await updated.waitFor();
    const shown = (await updated.textContent()) ?? '';
    await expect(admin.getByText(/Updated/).textContent()).resolves.toMatch(/right now\. Updated \d/);
    // "6:34 AM" as in the chats and lists, not the seconds of toLocaleTimeString ("6:34:41 AM").
    expect(shown).toMatch(/^\d{1,2}:\d{2}( [AP]M)?$/);
    const expected = await admin.evaluate(
      (iso) => {
        const fmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
        return fmt.format(new Date(iso));
      },
      (await updated.getAttribute('datetime'))!,
    );
    expect(shown).toBe(expected);

    // The last day of each chart is today's, and says so; the days before keep their dates.
    for (const name of [/Tickets per day/, /Median first response/]) {
      const rows = admin.getByRole('table', { name }).getByRole('row');
      const headers = await rows.locator('th[scope="row"]').allTextContents();
      expect(headers).toHaveLength(14);
      const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());
      expect(headers.at(-1)).toBe(`${today} (Today)`);
      expect(headers.slice(0, -1).some((h) => h.includes('Today'))).toBe(false);
    }
  });
});
