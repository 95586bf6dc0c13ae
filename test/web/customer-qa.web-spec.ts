/**
 * What a QA pass of the customer's journey found: a new password the server refuses for its bytes
 * was reported as a wrong reset code; the ticket quota told its next free moment as an ISO instant;
 * a closed chat without messages still invited the customer to add details; and text that a close
 * overtook (the composer's draft, a message written offline) vanished or offered a Retry that could
 * never work, instead of going into the next ticket; and a refused form left focus on its button
 * (or nowhere) instead of on the first field to fix; a reload threw away what was being typed; the ticket list did not
 * ask to rate a closed chat; closing a ticket from the keyboard dropped focus at every step;
 * on a phone the place in the queue was only below the chat.
 */
import type { Page } from 'playwright-core';
import { composer, mailedCodeLine, messages, reconnecting, storedOutbox, useBrowserApp } from './browser';

jest.setTimeout(150_000);

describe("the customer's journey, after a QA pass", () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  it('says that a new password is too long, not that the reset code is wrong, and the code still works', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Mei' });
    const page = await w.people.page('Mei', { viewport: { width: 390, height: 844 } });
    await page.goto(`${w.app.url}/forgot`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code').fill((await mailedCodeLine(w.app, customer.email)).trim());

    // 30 characters, under the limit of 64, but 90 bytes: more than the server takes.
    const tooLong = '密'.repeat(30);
    await page.getByLabel('New password', { exact: true }).fill(tooLong);
    await page.getByLabel('Confirm new password').fill(tooLong);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText(/That password is too long/).waitFor();
    await expect(page.getByText(/That code is wrong/).count()).resolves.toBe(0);

    const password = 'a-new-password-1';
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/login?reset=1');
    await w.api.login(customer.email, password);
    await page.context().close();
  });

  it('tells a customer over the ticket quota when the next ticket can be raised, in words and their time', async () => {
    await w.api.patch('/settings', { ticketQuota: { count: 2, days: 1 } }, w.admin.token).expect(200);
    try {
      const customer = await w.api.registerCustomer({ firstName: 'Quinn' });
      await w.api.raiseTicket(customer.token);
      // The dashboard, open in another tab, says nothing while tickets are left.
      const dashboard = await w.people.page('Quinn at home', { token: customer.token });
      await dashboard.goto(`${w.app.url}/customer`);
      await dashboard.getByRole('list', { name: 'Your tickets' }).waitFor();
      await expect(dashboard.getByText('You have raised').count()).resolves.toBe(0);
      const page = await w.people.page('Quinn', { token: customer.token });
      await page.goto(`${w.app.url}/customer/tickets/new`);
      // Before writing anything, the form says how many tickets are left.
      await page.getByText('You can raise up to 2 tickets every day; 1 left.').waitFor();
      await page.getByLabel('Subject').fill('Another question');
      await page.getByLabel('Category').selectOption('Electronics');
      await page.getByLabel('Description').fill('The lid does not close.');
      // Meanwhile the last one goes from another tab: the server refuses, in words and the reader's time.
      await w.api.raiseTicket(customer.token);
      const submit = page.getByRole('button', { name: 'Submit ticket' });
      await submit.click();
      const alert = page.getByRole('alert').filter({ hasText: 'You can raise 2 tickets every day' });
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(text).toMatch(/next ticket can be raised after (\w{3} \d{1,2}, )?\d{1,2}:\d{2}/);
      await expect(submit.isDisabled()).resolves.toBe(true);
      await expect(page.getByLabel('Description').inputValue()).resolves.toBe('The lid does not close.');
      // The dashboard learnt it live, from the new ticket arriving there.
      const onDashboard = dashboard.getByRole('status').filter({ hasText: 'You have raised 2 tickets in the last day, the most allowed.' });
      await onDashboard.waitFor();
      expect(await onDashboard.innerText()).toMatch(/You can raise your next ticket after (\w{3} \d{1,2}, )?\d{1,2}:\d{2}/);
      await dashboard.context().close();

      // Coming back to the form, the customer learns it before typing a word, and cannot submit.
      await page.reload();
      const notice = page.getByRole('status').filter({ hasText: 'You have raised 2 tickets in the last day, the most allowed.' });
      await notice.waitFor();
      expect(await notice.innerText()).toMatch(/You can raise your next ticket after (\w{3} \d{1,2}, )?\d{1,2}:\d{2}/);
      await expect(submit.isDisabled()).resolves.toBe(true);
      await expect(submit.getAttribute('aria-describedby')).resolves.toBe('quota-notice');

      // When the admin lifts the quota, a fresh form is open again and says nothing of it.
      await w.api.patch('/settings', { ticketQuota: null }, w.admin.token).expect(200);
      await page.reload();
      await page.getByLabel('Subject').waitFor();
      await expect(submit.isDisabled()).resolves.toBe(false);
      await expect(page.getByText(/You can raise|You have raised/).count()).resolves.toBe(0);
      await page.context().close();
    } finally {
      await w.api.patch('/settings', { ticketQuota: null }, w.admin.token).expect(200);
    }
  });

  it('does not invite a customer to add details to a closed chat without messages', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Cleo' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Solved it myself' });
    const page = await w.people.page('Cleo', { token: customer.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await messages(page).getByText('No messages yet.', { exact: true }).waitFor();
    // While it waits, the page says once (under the composer) that details can be added.
    await page.getByText('An agent will join shortly; you can already add details.').waitFor();
    await expect(page.getByText(/add details/).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Close ticket' }).click();
    await page.getByRole('button', { name: 'Yes, close ticket' }).click();
    await messages(page).getByText('No messages were written in this chat.').waitFor();
    await expect(
      messages(page)
        .getByText(/add details/)
        .count(),
    ).resolves.toBe(0);
    await page.reload();
    await messages(page).getByText('No messages were written in this chat.').waitFor();
    await page.context().close();
  });

  it('keeps what a close overtook, offers no useless Retry, and carries it into the next ticket', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Ada', expertise: [], maxConcurrent: 5 });
    const customer = await w.api.registerCustomer({ firstName: 'Dora' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Toaster burns one side', category: 'Home & Kitchen' });
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    const page = await w.people.page('Dora', { token: customer.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await composer(page).waitFor();

    // Written offline, refused once back because the admin closed the ticket meanwhile.
    await page.context().setOffline(true);
    await reconnecting(page).waitFor();
    await composer(page).fill('The left slot stays cold.');
    await composer(page).press('Enter');
    // And more, still in the composer when the close arrives.
    await composer(page).fill('It is model T-200, bought in May.');
    await w.api.post(`/tickets/${ticket.id}/close`, undefined, w.admin.token).expect(200);
    await page.context().setOffline(false);

    const refused = messages(page).locator('[data-state="failed"]').filter({ hasText: 'The left slot stays cold.' });
    await refused.getByText(/Not sent/).waitFor();
    await expect(refused.getByRole('button', { name: 'Retry' }).count()).resolves.toBe(0);
    await refused.getByRole('button', { name: 'Discard' }).waitFor();

    const footer = page.getByRole('note').filter({ hasText: 'This ticket is closed' });
    await footer.getByText('It is model T-200, bought in May.').waitFor();
    await footer.getByRole('link', { name: 'Raise a new ticket' }).click();
    await page.waitForURL('**/customer/tickets/new');
    await expect(page.getByLabel('Description').inputValue()).resolves.toBe(
      'The left slot stays cold.\n\nIt is model T-200, bought in May.',
    );
    // Chosen once the categories have loaded (the list is disabled until then).
    await page.waitForFunction(() => !(document.getElementById('category') as HTMLSelectElement).disabled);
    await expect(page.getByLabel('Category').inputValue()).resolves.toBe('Home & Kitchen');

    // Raised: the refused message lives on in the new ticket, so the closed one no longer keeps it
    // (nor does the browser, nor would signing out ask about it).
    await page.getByLabel('Subject').fill('Toaster still burns one side');
    await page.getByRole('button', { name: /Submit/ }).click();
    await page.waitForURL(/\/customer\/tickets\/(?!new)[0-9a-f-]+$/);
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await page.getByRole('note').filter({ hasText: 'This ticket is closed' }).waitFor();
    await expect(messages(page).locator('[data-state="failed"]').count()).resolves.toBe(0);
    await expect(storedOutbox(page, customer.user.id)).resolves.toEqual([]);
    await page.context().close();
  });

  it('takes keyboard and screen reader users to the first field to fix when a form is refused', async () => {
    const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
    const page = await w.people.page('visitor');
    await page.goto(`${w.app.url}/register`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(focused(page)).resolves.toBe('firstName');
    await page.getByLabel('First name').fill('Kim');
    await page.getByLabel('Last name').fill('Keys');
    await page.getByLabel('Email').fill('kim@example.test');
    await page.getByLabel('Password', { exact: true }).fill('Secret-pass-1');
    await page.getByLabel('Confirm password').fill('Secret-pass-2');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(focused(page)).resolves.toBe('confirmPassword');

    // An address already taken, found out by the server: the email field, not the page's top.
    const taken = await w.api.registerCustomer({ firstName: 'Taken' });
    await page.getByLabel('Email').fill(taken.email);
    await page.getByLabel('Confirm password').fill('Secret-pass-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('An account with this email already exists.', { exact: false }).waitFor();
    await expect(focused(page)).resolves.toBe('email');

    // A refused sign-in: ready to type the password again.
    await page.goto(`${w.app.url}/login`);
    await page.getByLabel('Email').fill(taken.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That email and password do not match an account.').waitFor();
    await expect(focused(page)).resolves.toBe('password');

    // The ticket form: the subject is there, the category is what is missing.
    await page.getByLabel('Password').fill(taken.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/customer');
    await page.goto(`${w.app.url}/customer/tickets/new`);
    await page.getByLabel('Subject').fill('Fan is loud');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(focused(page)).resolves.toBe('category');
    await page.context().close();
  });

  it('keeps what was being typed in the chat across a reload, and not once it is sent', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Rae' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Mixer smells hot' });
    const page = await w.people.page('Rae', { token: customer.token, viewport: { width: 390, height: 844 } });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    await composer(page).fill('It started after I cleaned the');
    await page.reload();
    await expect(composer(page).inputValue()).resolves.toBe('It started after I cleaned the');

    await composer(page).fill('It started after I cleaned the bowl.');
    await composer(page).press('Enter');
    await messages(page).locator('[data-state="sent"]').filter({ hasText: 'It started after I cleaned the bowl.' }).waitFor();
    await page.reload();
    await messages(page).getByText('It started after I cleaned the bowl.').waitFor();
    await expect(composer(page).inputValue()).resolves.toBe('');
    await page.context().close();
  });

  it('asks on the ticket list to rate a closed chat, and shows the stars once rated', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Vera' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Charger got warm' });
    await w.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    const open = await w.api.raiseTicket(customer.token, { subject: 'Still waiting' });
    const page = await w.people.page('Vera', { token: customer.token });
    await page.goto(`${w.app.url}/customer`);
    const row = page.locator(`[data-ticket-id="${ticket.id}"]`);
    await row.getByText('Rate your chat').waitFor();
    await expect(page.locator(`[data-ticket-id="${open.id}"]`).getByText('Rate your chat').count()).resolves.toBe(0);

    await row.click();
    await page.getByRole('radio', { name: /^4 stars/ }).check({ force: true });
    await page.getByRole('button', { name: 'Submit rating' }).click();
    await page.getByText('You rated this ticket 4 out of 5.', { exact: false }).waitFor();
    await page.getByRole('link', { name: '← My tickets' }).click();
    await page.waitForURL('**/customer');
    await expect(row.getByText('Rate your chat').count()).resolves.toBe(0);
    await expect(row.locator('.rated [aria-hidden]').innerText()).resolves.toBe('★★★★★');
    await expect(row.locator('.rated .off').innerText()).resolves.toBe('★');
    await expect(page.getByRole('link', { name: /You rated it 4 out of 5/ }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('keeps keyboard focus with the close of a ticket: on the question, back on Escape or Cancel, then on the rating', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Kai' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Lamp flickers' });
    const page = await w.people.page('Kai', { token: customer.token });
    // The page moves the focus a moment after what it acts on re-renders (the body holds it meanwhile).
    const focused = async () => {
      await page
        .waitForFunction(() => document.activeElement && document.activeElement !== document.body, undefined, { timeout: 3_000 })
        .catch(() => undefined);
      return page.evaluate(() => (document.activeElement?.textContent ?? '').trim().replace(/\s+/g, ' '));
    };
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    const closeButton = page.getByRole('button', { name: 'Close ticket' });

    await closeButton.focus();
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toMatch(/^Close this ticket\?/);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Yes, close ticket' }).count()).resolves.toBe(0);
    await expect(focused()).resolves.toBe('Close ticket');

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Cancel');
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toBe('Close ticket');

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Yes, close ticket');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
    await expect(focused()).resolves.toBe('How did we do?');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).resolves.toBe('score');
    await page.context().close();
  });

  it('on a phone, says the place in the queue above the chat, until an agent joins', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Lin', expertise: [], maxConcurrent: 5 });
    const customer = await w.api.registerCustomer({ firstName: 'Pat' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Blender lid cracked' });
    const page = await w.people.page('Pat', { token: customer.token, viewport: { width: 390, height: 844 } });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    const queue = page.locator('.mobile-queue');
    await queue.getByText(/^Position \d+ in the queue/).waitFor();
    const box = await queue.boundingBox();
    const chat = await messages(page).boundingBox();
    expect(box && chat && box.y + box.height <= chat.y).toBe(true);
    expect(box && box.y + box.height <= 844).toBe(true);

    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    await queue.waitFor({ state: 'detached' });
    await page.context().close();
  });
});
