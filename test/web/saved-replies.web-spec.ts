/**
 * Saved replies in the browser: an admin keeps the team's under Settings, an agent keeps their own beside
 * the conversations, and in a chat "/" and a shortcut (or the "/" button) list the matching replies
 * above the composer; the arrows choose, Enter or Tab inserts the reply with its placeholders filled
 * for that chat (nothing is sent until the agent sends it), Escape closes the list. A list open in
 * another tab follows every change at once.
 */
import type { Page } from 'playwright-core';
import { eventually } from '../helpers/socket';
import { composer, messages, say, useBrowserApp } from './browser';

jest.setTimeout(120_000);

describe('saved replies', () => {
  const w = useBrowserApp();
  afterEach(() => expect(w.people.problems).toEqual([]));

  const picker = (page: Page) => page.getByRole('listbox', { name: 'Saved replies' });
  const options = (page: Page) =>
    picker(page)
      .getByRole('option')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('aria-selected') === 'true' ? '>' : ' '}${e.querySelector('.shortcut')?.textContent}`),
      );

  async function chatWith(firstName: string) {
    const customer = await w.api.registerCustomer({ firstName, lastName: 'Tailor' });
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [] });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    return { customer, agent, ticket };
  }

  it('an admin adds a team reply; an agent’s open chat lists it at once and inserts it filled for that customer', async () => {
    const { customer, agent, ticket } = await chatWith('Tom');
    const agentPage = await w.people.page('agent', { token: agent.token });
    await agentPage.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await composer(agentPage).waitFor();
    // Nothing kept yet: "/" says where to keep replies instead of showing an empty list.
    await composer(agentPage).fill('/');
    await agentPage.getByText('No saved replies yet.').waitFor();
    await composer(agentPage).fill('');

    const adminPage = await w.people.page('admin', { token: w.admin.token });
    await adminPage.goto(`${w.app.url}/admin`);
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await adminPage.getByRole('link', { name: 'Manage saved replies' }).click();
    await adminPage.getByRole('heading', { name: 'Saved replies', level: 1 }).waitFor();
    await adminPage.getByLabel('Shortcut', { exact: true }).fill('Refund');
    await adminPage.getByLabel('Title (optional)').fill('How refunds work');
    const text = adminPage.getByLabel('Text', { exact: true });
    await text.fill('Hi ');
    await adminPage.getByRole('button', { name: "Insert The customer's first name" }).click();
    await text.press('End');
    await text.pressSequentially(', refunds reach your card within 5 days.');
    await adminPage.getByText('In a chat with Sam Shopper: Hi Sam, refunds reach your card within 5 days.').waitFor();
    await adminPage.getByRole('button', { name: 'Add reply' }).click();
    await adminPage.getByRole('status').getByText('Added /refund.').waitFor();
    await adminPage
      .getByRole('region', { name: /Team replies/ })
      .getByText('How refunds work')
      .waitFor();

    // The agent's open chat learned of it without a reload.
    await composer(agentPage).fill('Sure! /ref');
    await picker(agentPage).waitFor();
    expect(await options(agentPage)).toEqual(['>/refund']);
    await picker(agentPage).getByText('Hi Tom, refunds reach your card within 5 days.').waitFor();
    await expect(composer(agentPage).getAttribute('aria-activedescendant')).resolves.toBeTruthy();
    await composer(agentPage).press('Enter');
    await expect(composer(agentPage).inputValue()).resolves.toBe('Sure! Hi Tom, refunds reach your card within 5 days.');
    await expect(picker(agentPage).count()).resolves.toBe(0);
    // Inserting sent nothing; the next Enter sends it, and the customer reads it.
    await expect(messages(agentPage).locator('[data-seq]').count()).resolves.toBe(0);
    await composer(agentPage).press('Enter');
    await messages(agentPage).locator('[data-state="sent"]').filter({ hasText: 'Hi Tom, refunds' }).waitFor();
    const stored = (await w.api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200)).body.items;
    expect(stored.map((m: { body: string }) => m.body)).toEqual(['Sure! Hi Tom, refunds reach your card within 5 days.']);

    // Deleted by the admin: gone from the agent's list at once.
    await adminPage.getByRole('button', { name: 'Delete /refund' }).click();
    await adminPage.getByRole('button', { name: 'Yes, delete' }).click();
    await adminPage.getByRole('status').getByText('Deleted /refund.').waitFor();
    await composer(agentPage).fill('/');
    await agentPage.getByText('No saved replies yet.').waitFor();
  });

  it('an agent keeps their own replies beside the chats and picks them with the keyboard or the "/" button', async () => {
    const { agent } = await chatWith('Nia');
    await w.api
      .post(
        '/saved-replies',
        { shortcut: 'thanks-team', title: 'Thanks from the team', body: 'Thank you for waiting, {{customer.name}}.' },
        w.admin.token,
      )
      .expect(201);
    const page = await w.people.page('agent', { token: agent.token });
    await page.goto(`${w.app.url}/agent`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replies' }).click();
    await page.getByRole('heading', { name: 'Saved replies', level: 1 }).waitFor();
    // The team's are there to read, not to change.
    const teamList = page.getByRole('region', { name: /Team replies/ });
    await teamList.getByText('Thanks from the team').waitFor();
    await expect(teamList.getByRole('button', { name: /Edit|Delete/ }).count()).resolves.toBe(0);
    // The conversations stay in view beside the page.
    await page.getByRole('link', { name: /Nia Tailor/ }).waitFor();

    // A placeholder that does not exist is refused on the field, and nothing is kept.
    await page.getByLabel('Shortcut', { exact: true }).fill('thanks');
    await page.getByLabel('Text', { exact: true }).fill('Thanks {{order.id}}!');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByText('Unknown placeholder {{order.id}}: use the buttons below.').waitFor();
    await expect(page.getByLabel('Text', { exact: true }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.getByLabel('Text', { exact: true }).fill('Thanks, {{agent.firstName}} here.');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByRole('status').getByText('Added /thanks.').waitFor();
    // The same shortcut twice: the server's 409 shows on the field.
    await page.getByLabel('Shortcut', { exact: true }).fill('thanks');
    await page.getByLabel('Text', { exact: true }).fill('again');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByText('The shortcut /thanks is already taken; choose another').waitFor();
    await page.getByLabel('Shortcut', { exact: true }).fill('track');
    await page.getByLabel('Title (optional)').fill('Tracking');
    await page.getByLabel('Text', { exact: true }).fill('Your parcel is on its way.');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByRole('status').getByText('Added /track.').waitFor();
    // Edited: the list shows the change.
    await page.getByRole('button', { name: 'Edit /track' }).click();
    await page.getByRole('heading', { name: 'Edit /track' }).waitFor();
    await page.getByLabel('Text', { exact: true }).fill('Your parcel left our warehouse today.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved /track.').waitFor();
    await page
      .getByRole('region', { name: /Your replies/ })
      .getByText('Your parcel left our warehouse today.')
      .waitFor();

    // A reply half written is not dropped without a word when the agent opens a chat.
    await page.getByLabel('Shortcut', { exact: true }).fill('half');
    page.removeAllListeners('dialog');
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void (asked.length === 1 ? d.dismiss() : d.accept());
    });
    await page.getByRole('link', { name: /Nia Tailor/ }).click();
    await eventually(
      async () => asked.length,
      (n) => n === 1,
      5000,
    );
    expect(asked).toEqual(['Discard unsaved changes?']);
    await expect(page.getByLabel('Shortcut', { exact: true }).inputValue()).resolves.toBe('half');

    // In the chat: "/t" lists the agent's own first, then the team's; "and/or" opens nothing.
    await page.getByRole('link', { name: /Nia Tailor/ }).click();
    await composer(page).waitFor();
    expect(asked).toEqual(['Discard unsaved changes?', 'Discard unsaved changes?']);
    await composer(page).fill('and/or');
    await page.waitForTimeout(200);
    await expect(picker(page).count()).resolves.toBe(0);
    await composer(page).fill('Hello /t');
    await picker(page).waitFor();
    expect(await options(page)).toEqual(['>/thanks', ' /track', ' /thanks-team']);
    await composer(page).press('ArrowDown');
    await composer(page).press('ArrowDown');
    expect(await options(page)).toEqual([' /thanks', ' /track', '>/thanks-team']);
    await composer(page).press('ArrowDown'); // round to the top
    expect(await options(page)).toEqual(['>/thanks', ' /track', ' /thanks-team']);
    await composer(page).press('ArrowUp');
    await composer(page).press('Tab');
    await expect(composer(page).inputValue()).resolves.toBe('Hello Thank you for waiting, Nia Tailor.');

    // Escape closes the list, and Enter then sends what was typed.
    await composer(page).fill('/t');
    await picker(page).waitFor();
    await composer(page).press('Escape');
    await expect(picker(page).count()).resolves.toBe(0);
    await composer(page).press('r'); // still matches /track, but stays closed
    await page.waitForTimeout(200);
    await expect(picker(page).count()).resolves.toBe(0);
    await composer(page).press('Enter');
    await messages(page).locator('[data-state="sent"]').filter({ hasText: '/tr' }).waitFor();

    // The "/" button opens the list where the caret is; a click inserts.
    await composer(page).fill('Good news:');
    await page.getByRole('button', { name: 'Insert a saved reply' }).click();
    await expect(composer(page).inputValue()).resolves.toBe('Good news: /');
    await picker(page).getByRole('option', { name: /track/ }).click();
    await expect(composer(page).inputValue()).resolves.toBe('Good news: Your parcel left our warehouse today.');
    await expect(composer(page).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await say(page, 'Good news: Your parcel left our warehouse today.');
  });

  it('asks the server for the replies once per workspace, not at every switch of chat', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Sven', expertise: [] });
    await w.api.post('/saved-replies', { shortcut: 'svens', body: 'Sven here.' }, agent.token).expect(201);
    const tickets = [];
    for (const firstName of ['Ann', 'Bea']) {
      const customer = await w.api.registerCustomer({ firstName });
      const ticket = await w.api.raiseTicket(customer.token);
      await w.api.assign(w.admin.token, ticket.id, agent.user.id);
      tickets.push(ticket);
    }
    const page = await w.people.page('agent', { token: agent.token });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/saved-replies') asked.push(r.url());
    });
    await page.goto(`${w.app.url}/agent/tickets/${tickets[0].id}`);
    for (const ticket of [tickets[1], tickets[0], tickets[1]]) {
      await page.getByRole('link', { name: new RegExp(`#${ticket.number}`) }).click();
      await composer(page).fill('/sv');
      await picker(page).getByText('Sven here.').waitFor();
    }
    expect(asked).toHaveLength(1);
  });

  it('opens the replies page on a phone in place of the conversations, and deleting asks first', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Phil', expertise: [] });
    await w.api.post('/saved-replies', { shortcut: 'bye', body: 'Have a nice day!' }, agent.token).expect(201);
    const page = await w.people.page('phone', { token: agent.token, viewport: { width: 390, height: 844 } });
    await page.goto(`${w.app.url}/agent/replies`);
    await page.getByRole('heading', { name: 'Saved replies', level: 1 }).waitFor();
    await expect(page.getByRole('heading', { name: 'Saved replies', level: 1 }).isVisible()).resolves.toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Delete /bye' }).click();
    await page.getByText('Delete /bye? It is gone from your chats at once.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete /bye' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('status').getByText('Deleted /bye.').waitFor();
    const left = (await w.api.get('/saved-replies', agent.token).expect(200)).body.items as { scope: string }[];
    expect(left.filter((r) => r.scope === 'PERSONAL')).toEqual([]);
  });
});
