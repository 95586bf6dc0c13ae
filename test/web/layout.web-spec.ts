/**
 * The screens fit the window: a long chat scrolls inside its message list, never the page into
 * blank space, and the composer stays on screen on a laptop and on a phone, also while the
 * "Reconnecting…" banner takes its line; the admin's stats are no wider than a phone; sign-in and
 * the empty workspace do not scroll at all. Long pastes are kept and counted as the server counts
 * them (an emoji is one character), with a word when they are too long, instead of cut silently.
 */
import type { Page } from 'playwright-core';
import { LIMITS, type TicketDto } from '@ccr/shared';
import { newClientId, type Session } from '../helpers/api';
import { composer, messages, reconnecting, useBrowserApp } from './browser';

jest.setTimeout(120_000);

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Where the page and the composer are, in CSS pixels. */
function measure(page: Page) {
  return page.evaluate(() => {
    const doc = document.scrollingElement as Element;
    const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect() ?? null;
    const log = document.querySelector('[role="log"]') as HTMLElement;
    const details = box('aside[aria-label="Ticket details"]');
    return {
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      scrollHeight: doc.scrollHeight,
      scrollWidth: doc.scrollWidth,
      composer: box('form.composer'),
      /** How far below the top of the page the ticket's details end (they may sit below the chat). */
      detailsBottom: details ? details.bottom + window.scrollY : 0,
      logScrolls: log ? log.scrollHeight > log.clientHeight + 100 : false,
    };
  });
}

/** The chat fits: its list holds more than it shows, the composer is on screen, the page has no blank tail. */
async function expectChatFits(page: Page, { detailsBelow = false } = {}) {
  const m = await measure(page);
  expect(m.logScrolls).toBe(true);
  expect(m.composer).not.toBeNull();
  expect(m.composer!.top).toBeGreaterThanOrEqual(0);
  expect(m.composer!.bottom).toBeLessThanOrEqual(m.innerHeight + 1);
  expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
  // Stacked on a phone, the customer's ticket details follow the chat, a scroll away; nothing beyond them.
  const end = detailsBelow ? Math.max(m.innerHeight, m.detailsBottom + 64) : m.innerHeight;
  expect(m.scrollHeight).toBeLessThanOrEqual(end + 1);
}

describe('layout', () => {
  const w = useBrowserApp();
  let agent: Session;
  let customer: Session;
  let ticket: TicketDto;

  beforeAll(async () => {
    agent = await w.api.createAgent(w.admin.token, { firstName: 'Lena', expertise: [], maxConcurrent: 5 });
    customer = await w.api.registerCustomer({ firstName: 'Omar' });
    ticket = await w.api.raiseTicket(customer.token, { subject: 'Omar has a long story about his kettle', category: 'Electronics' });
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    // A long chat: alternating senders (so every message has its hidden "who, at what time"), some long ones.
    for (let i = 1; i <= 40; i++) {
      const from = i % 3 ? customer : agent;
      const body = i % 7 ? `Line ${i} of the story` : `Line ${i}: ${'a long line without end '.repeat(30)}`;
      await w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, from.token).expect(201);
    }
  });

  afterEach(() => expect(w.people.problems).toEqual([]));

  for (const [size, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`on a ${size}, a long chat scrolls inside its list and keeps the composer on screen, with the reconnect banner too`, async () => {
      const screens = [
        { who: customer, path: `/customer/tickets/${ticket.id}`, detailsBelow: size === 'phone' },
        { who: agent, path: `/agent/tickets/${ticket.id}`, detailsBelow: false },
      ];
      for (const { who, path, detailsBelow } of screens) {
        const page = await w.people.page(`${who.user.firstName} (${size})`, { token: who.token, viewport });
        await page.goto(`${w.app.url}${path}`);
        await messages(page).getByText('Line 40 of the story').waitFor();
        await expectChatFits(page, { detailsBelow });

        await page.context().setOffline(true);
        await reconnecting(page).waitFor();
        await expectChatFits(page, { detailsBelow });
        await page.context().setOffline(false);
        await reconnecting(page).waitFor({ state: 'detached' });
        await page.context().close();
      }
    });
  }

  it('the stats fit a phone, and sign-in and the empty workspace fit a laptop without scrolling', async () => {
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: PHONE });
    await admin.goto(`${w.app.url}/admin/stats`);
    await admin.getByRole('figure', { name: /Tickets per day/ }).waitFor();
    expect((await measure(admin)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await admin.context().close();

    const guest = await w.people.page('guest');
    await guest.goto(`${w.app.url}/login`);
    await guest.getByRole('button', { name: 'Sign in' }).waitFor();
    const signIn = await measure(guest);
    expect(signIn.scrollHeight).toBeLessThanOrEqual(signIn.innerHeight);

    const lena = await w.people.page('agent', { token: agent.token });
    await lena.goto(`${w.app.url}/agent`);
    await lena.getByRole('heading', { name: 'Select a conversation' }).waitFor();
    const workspace = await measure(lena);
    expect(workspace.scrollHeight).toBeLessThanOrEqual(workspace.innerHeight);
  });

  it('the header is one row on a laptop and a tablet, however long the signed-in name', async () => {
    const long = await w.api.registerCustomer({
      firstName: 'Maximiliana',
      lastName: 'Wolfeschlegelsteinhausenbergerdorff-Vandermeersch-Papadopoulou',
    });
    for (const viewport of [LAPTOP, { width: 1024, height: 768 }, { width: 800, height: 1000 }]) {
      const page = await w.people.page('customer', { token: long.token, viewport });
      await page.goto(`${w.app.url}/customer`);
      const header = page.getByRole('banner');
      const signOut = header.getByRole('button', { name: 'Sign out' });
      await signOut.waitFor();
      const bar = (await header.boundingBox())!;
      expect(bar.height).toBeLessThanOrEqual(64);
      const tabs = (await header.getByRole('link', { name: 'New ticket', exact: true }).boundingBox())!;
      const out = (await signOut.boundingBox())!;
      expect(Math.abs(tabs.y + tabs.height / 2 - (out.y + out.height / 2))).toBeLessThan(8);
      expect(out.x + out.width).toBeLessThanOrEqual(viewport.width);
      // The whole name is still there: on hover (laptop) or behind the initials (narrower).
      const name = header.getByText('Maximiliana Wolfeschlegelsteinhausenbergerdorff-Vandermeersch-Papadopoulou', { exact: true });
      if (viewport.width > 1000) await expect(name.getAttribute('title')).resolves.toMatch(/Papadopoulou$/);
      else {
        await header.getByRole('button', { name: /^Signed in as Maximiliana/ }).click();
        await header
          .getByRole('group', { name: 'Signed in' })
          .getByText(/Papadopoulou$/)
          .waitFor();
      }
      await page.context().close();
    }
  });

  it('counts characters as the server does and says when a long paste is too long instead of cutting it', async () => {
    const page = await w.people.page('customer', { token: customer.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    const send = page.getByRole('button', { name: 'Send' });
    const help = page.locator(`#composer-help-${ticket.id}`);
    // 2100 emoji are 4200 UTF-16 units but 2100 characters: within the limit.
    await composer(page).fill('😀'.repeat(2100));
    await expect(help.textContent()).resolves.not.toMatch(/Too long/);
    await expect(send.isEnabled()).resolves.toBe(true);
    await composer(page).fill('😀'.repeat(LIMITS.messageMaxLength + 1));
    await expect(help.textContent()).resolves.toMatch(`Too long: ${LIMITS.messageMaxLength + 1} / ${LIMITS.messageMaxLength}`);
    await expect(send.isDisabled()).resolves.toBe(true);
    await composer(page).fill('');

    // A subject pasted at 500 characters stays whole, and the form says it is too long.
    await page.goto(`${w.app.url}/customer/tickets/new`);
    const subject = page.getByLabel('Subject');
    await subject.fill('s'.repeat(500));
    await expect(subject.inputValue()).resolves.toHaveLength(500);
    await page.getByText(`Too long: 500 / ${LIMITS.subjectMaxLength} characters`).waitFor();
    await expect(subject.getAttribute('aria-invalid')).resolves.toBe('true');

    // A rating comment of 3000 characters is refused with a word, not saved cut to 2000.
    const closed = await w.api.raiseTicket(customer.token, { subject: 'Omar rates a closed ticket', category: 'Electronics' });
    await w.api.post(`/tickets/${closed.id}/close`, {}, customer.token).expect(200);
    await page.goto(`${w.app.url}/customer/tickets/${closed.id}`);
    const comment = page.getByLabel('Comment (optional)');
    await comment.fill('c'.repeat(3000));
    await expect(comment.inputValue()).resolves.toHaveLength(3000);
    await page.getByText(`Too long: 3000 / ${LIMITS.ratingCommentMaxLength} characters`).waitFor();
    await page.getByTitle('Good', { exact: true }).click();
    await page.getByRole('button', { name: 'Submit rating' }).click();
    await page.getByText(`At most ${LIMITS.ratingCommentMaxLength} characters`).waitFor();
    const stored = (await w.api.get(`/tickets/${closed.id}`, customer.token).expect(200)).body as TicketDto;
    expect(stored.rating).toBeFalsy();
  });
});
