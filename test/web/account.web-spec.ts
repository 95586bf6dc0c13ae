/**
 * The account page, for every role: a new password ends the sessions on other devices while every
 * tab of this browser stays signed in (and its chat goes on without a hitch); a wrong or unchanged
 * password changes nothing; "Sign out everywhere" ends every session, this one included. The page
 * is reached from the name in the header, or from the initials' card on a phone. An agent's own
 * "Taking new chats" switch (away) follows in their other tabs and on the admins' pages.
 */
import type { Page } from 'playwright-core';
import { composer, mailedCodeLine, messages, useBrowserApp } from './browser';

jest.setTimeout(120_000);

describe('the account page', () => {
  const w = useBrowserApp();
  afterEach(() => expect(w.people.problems).toEqual([]));

  /** A browser profile signed in with `token`; a native dialog is accepted and noted in `dialogs`. */
  async function device(token: string, viewport = { width: 1280, height: 800 }) {
    const context = await w.browser.newContext({ viewport });
    w.people.contexts.push(context);
    await context.addInitScript((t) => localStorage.getItem('ccr.token') ?? localStorage.setItem('ccr.token', t), token);
    const dialogs: string[] = [];
    const open = async (path: string): Promise<Page> => {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => w.people.problems.push(e.message));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.accept();
      });
      await page.goto(`${w.app.url}${path}`);
      return page;
    };
    return { open, dialogs };
  }

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

  async function fillPasswords(page: Page, current: string, next: string) {
    await field(page, 'Current password').fill(current);
    await field(page, 'New password').fill(next);
    await field(page, 'Confirm new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
  }

  it('changes the password: other devices are signed out, every tab here stays signed in and its chat goes on', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Nora' });
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Eli', expertise: [] });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);

    const here = await device(customer.token);
    const chat = await here.open(`/customer/tickets/${ticket.id}`);
    await composer(chat).waitFor();
    const elsewhere = await (await device(customer.token)).open('/customer');
    await elsewhere.getByRole('heading', { name: 'My tickets' }).waitFor();

    // The name in the header leads to the account.
    const account = await here.open('/customer');
    await account.getByRole('link', { name: /Nora Customer.*your account/ }).click();
    await account.waitForURL(/\/account$/);
    await account.getByRole('heading', { name: 'Your account' }).waitFor();
    await account.getByText(customer.email).waitFor();

    // A wrong current password, or the same password again, changes nothing.
    await fillPasswords(account, 'not my password at all', 'a brand new passphrase');
    await account.getByText('That is not your current password.').waitFor();
    // The field to fix has the focus.
    await account.waitForFunction(() => document.activeElement?.id === 'current-password', undefined, { timeout: 3_000 });
    await fillPasswords(account, customer.password, customer.password);
    await account.getByText('Choose a password different from the current one.').waitFor();
    await w.api.login(customer.email, customer.password);

    // On a slow network the answer with the new token comes well after the server ended the old
    // one (and this browser's sockets with it): every tab waits for it instead of signing out.
    await account.route('**/api/auth/change-password', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({ response });
    });
    await fillPasswords(account, customer.password, 'a brand new passphrase');
    await account.getByRole('status').filter({ hasText: 'Your password was changed' }).waitFor();
    await expect(field(account, 'Current password').inputValue()).resolves.toBe('');

    // The other device is signed out at once and says why.
    await elsewhere.waitForURL(/\/login/);
    await elsewhere.getByText('Your session has ended').waitFor();

    // This browser's chat tab is still signed in: its next message is stored and shown as sent.
    await composer(chat).fill('Written after the change');
    await composer(chat).press('Enter');
    await messages(chat).locator('[data-state="sent"]').filter({ hasText: 'Written after the change' }).waitFor();
    const stored = await w.api.get(`/tickets/${ticket.id}/messages`, agent.token).expect(200);
    expect((stored.body as { items: { body: string }[] }).items.map((m) => m.body)).toEqual(['Written after the change']);
    expect(chat.url()).toContain(`/customer/tickets/${ticket.id}`);
    await account.reload();
    await account.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(here.dialogs).toEqual([]);

    await w.api.post('/auth/login', { email: customer.email, password: customer.password }).expect(401);
    await w.api.login(customer.email, 'a brand new passphrase');
  });

  it('on a phone the initials lead to the account, and Sign out everywhere ends every session, this one included', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Ada' });
    const laptop = await (await device(agent.token)).open('/agent');
    await laptop.getByRole('heading', { name: 'Conversations' }).waitFor();

    const phone = await device(agent.token, { width: 390, height: 844 });
    const page = await phone.open('/agent');
    await page.getByRole('button', { name: /Signed in as Ada/ }).click();
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    // An agent sees what an admin set for them.
    await page.getByText('Electronics', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/login/);
    await page.getByText('You were signed out on every device.').waitFor();
    expect(phone.dialogs).toEqual(['Sign out on every device and browser, this one included?']);
    await laptop.waitForURL(/\/login/);
    await w.api.get('/auth/me', agent.token).expect(401);

    // Signed out, the account's address asks to sign in and comes back to it.
    await page.goto(`${w.app.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount/);
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('an agent who stops taking new chats shows as away in their other tabs and to the admin, live, and back', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Grace' });
    const customer = await w.api.registerCustomer();
    await w.api.raiseTicket(customer.token, { subject: 'Waiting for an expert' });
    const agentDevice = await device(agent.token);
    const [first, second] = [await agentDevice.open('/agent'), await agentDevice.open('/agent')];
    const admin = await (await device(w.admin.token)).open('/admin');
    const taking = (page: Page) => page.getByRole('switch', { name: 'Taking new chats' });
    const adminRow = admin.locator('.agents li').filter({ hasText: 'Grace Agent' });
    await adminRow.waitFor();
    const stats = await (await device(w.admin.token)).open('/admin/stats');
    const statsRow = stats.locator('table.agents tr').filter({ hasText: 'Grace' });
    await statsRow.getByText('Online').waitFor();
    await expect(taking(second).isChecked()).resolves.toBe(true);

    await taking(first).click();
    await first.getByRole('status').filter({ hasText: 'Away: no new chats are given to you.' }).waitFor();
    // The other tab and the admin's queue follow without a reload.
    await second.getByText('Away: no new chats are given to you.').waitFor();
    await expect(taking(second).isChecked()).resolves.toBe(false);
    await adminRow.getByText('Away', { exact: true }).waitFor();
    await statsRow.getByText('Away').waitFor();
    const option = admin.locator('option', { hasText: 'Grace Agent' }).first();
    await expect(option.textContent()).resolves.toMatch(/Grace Agent · away · 0\/3/);

    await taking(second).click();
    await first.getByText('Away: no new chats are given to you.').waitFor({ state: 'hidden' });
    await expect(taking(first).isChecked()).resolves.toBe(true);
    await adminRow.getByText('Away', { exact: true }).waitFor({ state: 'hidden' });
    await statsRow.getByText('Online').waitFor();
    expect(agentDevice.dialogs).toEqual([]);
  });

  it('a customer puts their name right: both tabs show it at once, and the agent sees their messages, earlier ones too, under it', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Nora', lastName: 'Quinn' });
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Eli', expertise: [] });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    const eli = await (await device(agent.token)).open(`/agent/tickets/${ticket.id}`);
    await composer(eli).waitFor();
    const here = await device(customer.token);
    const chat = await here.open(`/customer/tickets/${ticket.id}`);
    await composer(chat).waitFor();
    await composer(chat).fill('Written as Nora');
    await composer(chat).press('Enter');
    await messages(eli).getByText('Written as Nora').waitFor();
    const account = await here.open('/account');
    const otherAccount = await here.open('/account');

    // The name fields look like the page's other fields.
    const [nameBox, passwordBox] = await Promise.all([
      field(account, 'First name').boundingBox(),
      field(account, 'Current password').boundingBox(),
    ]);
    expect(nameBox?.height).toBe(passwordBox?.height);
    await field(account, 'First name').fill('  ');
    await account.getByRole('button', { name: 'Save name' }).click();
    await account.getByText('Enter a first name.').waitFor();
    await account.waitForFunction(() => document.activeElement?.id === 'first-name', undefined, { timeout: 3_000 });

    await field(account, 'First name').fill('Nora-Lee');
    await account.getByRole('button', { name: 'Save name' }).click();
    await account.getByRole('status').filter({ hasText: 'Your name was saved: Nora-Lee Quinn.' }).waitFor();
    // The header says it in this tab and, without a reload, in the chat's.
    for (const page of [account, chat]) await page.getByRole('link', { name: /Nora-Lee Quinn.*your account/ }).waitFor();
    // An account page open in another tab shows the new name too, so its Save cannot put the old one back.
    await otherAccount.waitForFunction(() => (document.getElementById('first-name') as HTMLInputElement | null)?.value === 'Nora-Lee');
    await expect(otherAccount.getByRole('button', { name: 'Save name' }).isDisabled()).resolves.toBe(true);

    // The agent's open chat shows the message written before under the new name, and the list the new name, without a reload.
    await eli.waitForFunction(() => document.querySelector('[data-seq="1"]')?.textContent?.includes('Nora-Lee'));
    await eli.getByRole('link', { name: /Nora-Lee Quinn/ }).waitFor();
    await composer(chat).fill('Signed with my full name now');
    await composer(chat).press('Enter');
    await messages(eli).getByText('Signed with my full name now').waitFor();
    await expect(messages(eli).locator('[data-seq="2"]').textContent()).resolves.toContain('Nora-Lee');
    expect(here.dialogs).toEqual([]);
  });

  it("an admin puts an agent's name right from the agents page, and the customer's open chat says it", async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Aba', expertise: [] });
    const customer = await w.api.registerCustomer({ firstName: 'Cleo' });
    const ticket = await w.api.raiseTicket(customer.token);
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    const chat = await (await device(customer.token)).open(`/customer/tickets/${ticket.id}`);
    await messages(chat).getByText('Aba joined the chat').waitFor();
    const page = await (await device(w.admin.token)).open('/admin/agents');
    const row = page.locator(`tr[data-agent-id="${agent.user.id}"]`);
    await row.getByRole('button', { name: /Edit/ }).click();
    await field(page, 'First name').fill('Abby');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Abby Agent.').waitFor();
    await row.getByRole('button', { name: 'Edit Abby Agent' }).waitFor();
    expect((await w.api.get('/auth/me', agent.token).expect(200)).body).toMatchObject({ firstName: 'Abby' });
    // The customer's chat, open all along: the line and the ticket's agent take the new name.
    await messages(chat).getByText('Abby joined the chat').waitFor();
    await chat.getByText('Abby Agent', { exact: false }).first().waitFor();
  });

  it('changes the email with the code mailed to the new address: both tabs show it, and it signs in from then on', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Edda' });
    const newEmail = `edda-${Date.now()}@example.test`;
    const here = await device(customer.token);
    const other = await here.open('/account');
    const page = await here.open('/account');
    const card = page.getByRole('region', { name: 'Email' });
    await card.getByText(customer.email).waitFor();
    // A card of its own, spaced like the others (it once touched the cards above and below it).
    const box = async (name: string) => (await page.getByRole('region', { name, exact: true }).boundingBox())!;
    const [details, email, password] = [await box('Details'), await box('Email'), await box('Change password')];
    expect(email.y - (details.y + details.height)).toBeGreaterThanOrEqual(12);
    expect(password.y - (email.y + email.height)).toBeGreaterThanOrEqual(12);

    await card.getByRole('button', { name: 'Change email' }).click();
    await expect(field(page, 'New email').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await field(page, 'New email').fill(newEmail);
    await card.getByLabel('Current password').fill('not my password');
    await card.getByRole('button', { name: 'Send code' }).click();
    await card.getByText('That is not your current password.').waitFor();
    await card.getByLabel('Current password').fill(customer.password);
    await card.getByRole('button', { name: 'Send code' }).click();
    await card.getByText(`We sent a 6-digit code to ${newEmail}.`).waitFor();
    // Nothing changed yet.
    expect((await w.api.get('/auth/me', customer.token).expect(200)).body.email).toBe(customer.email);

    // A reload in the middle keeps the change waiting for its code.
    await page.reload();
    await card.getByText(`We sent a 6-digit code to ${newEmail}.`).waitFor();
    const code = (await mailedCodeLine(w.app, newEmail)).trim();
    await field(page, 'Code').fill(code === '000000' ? '111111' : '000000');
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByText('The code is wrong or has expired.', { exact: false }).waitFor();
    await field(page, 'Code').fill(code);
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.getByText(`Your email is now ${newEmail}.`, { exact: false }).waitFor();
    await card.getByText(newEmail, { exact: true }).waitFor();
    // The other tab follows at once; the session goes on in both.
    await other.getByRole('region', { name: 'Email' }).getByText(newEmail, { exact: true }).waitFor();
    await w.api.login(newEmail, customer.password);
    await w.api.post('/auth/login', { email: customer.email, password: customer.password }).expect(401);
    expect(here.dialogs).toEqual([]);
  });
});
