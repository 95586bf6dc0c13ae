/**
 * Three things a QA pass found: deactivating an agent asks first and says what it will do (sign-out,
 * chats back to the queue) and what it did; a reset code pasted with the email's spaces around it
 * works, and the sign-in page after the reset starts with the address and drops the "changed" notice
 * once a sign-in fails; the customer sees their agent's expertise and whether they are online, live.
 */
import { TicketStatus, type AgentDto, type TicketDto } from '@ccr/shared';
import { mailedCodeLine, useBrowserApp } from './browser';
import { connectSocket } from './socket-client';

jest.setTimeout(180_000);

describe('confirmations, reset codes and the agent on the ticket', () => {
  const w = useBrowserApp();

  const agentOf = async (id: string) =>
    ((await w.api.get('/agents', w.admin.token).expect(200)).body as { items: AgentDto[] }).items.find((a) => a.id === id)!;
  const ticketOf = async (id: string) => (await w.api.get(`/tickets/${id}`, w.admin.token).expect(200)).body as TicketDto;

  it('asks before deactivating an agent, says how many chats go back to the queue, and does nothing on Cancel', async () => {
    const ada = await w.api.createAgent(w.admin.token, { firstName: 'Adela', expertise: ['Electronics'] });
    const customer = await w.api.registerCustomer({ firstName: 'Kim' });
    const chats = [await w.api.raiseTicket(customer.token), await w.api.raiseTicket(customer.token, { subject: 'And the charger?' })];
    for (const t of chats) await w.api.assign(w.admin.token, t.id, ada.user.id);
    const adaSocket = await connectSocket(w.app.url, ada.token);
    let adaSignedOut = false;
    adaSocket.on('disconnect', () => (adaSignedOut = true));

    const page = await w.people.page('admin', { token: w.admin.token, viewport: { width: 1440, height: 900 } });
    await page.goto(`${w.app.url}/admin/agents`);
    const row = page.locator(`tr[data-agent-id="${ada.user.id}"]`);
    await row.getByText('2 / 3').waitFor();

    // One click only asks, and says what a yes would do.
    await row.getByRole('button', { name: 'Deactivate Adela Agent' }).click();
    const confirm = page.getByRole('group', { name: 'Deactivate Adela Agent?' });
    await confirm.waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/signed out everywhere/);
    await expect(confirm.textContent()).resolves.toMatch(/Their 2 open chats go back to the queue/);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('group');

    // Cancel: the agent is still active and signed in, and still holds both chats.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toMatch(/^Deactivate/);
    await new Promise((r) => setTimeout(r, 300));
    expect(await agentOf(ada.user.id)).toMatchObject({ active: true, openTickets: 2 });
    for (const t of chats) expect(await ticketOf(t.id)).toMatchObject({ status: TicketStatus.ASSIGNED, agent: { id: ada.user.id } });
    expect(adaSignedOut).toBe(false);

    // Yes: deactivated, signed out, and both chats back in the queue; the page says so.
    await row.getByRole('button', { name: 'Deactivate Adela Agent' }).click();
    await confirm.getByRole('button', { name: 'Yes, deactivate' }).click();
    await page.getByRole('status').getByText('Adela Agent was deactivated and signed out. 2 open chats went back to the queue.').waitFor();
    expect(await agentOf(ada.user.id)).toMatchObject({ active: false, openTickets: 0 });
    for (const t of chats) expect(await ticketOf(t.id)).toMatchObject({ status: TicketStatus.OPEN, agent: null });
    for (let i = 0; i < 50 && !adaSignedOut; i++) await new Promise((r) => setTimeout(r, 100));
    expect(adaSignedOut).toBe(true);

    // The inactive row is muted, but its Activate button is not faded: it looks as usable as it is.
    const activate = row.getByRole('button', { name: 'Activate Adela Agent' });
    await activate.waitFor();
    await expect(activate.isEnabled()).resolves.toBe(true);
    const faded = await activate.evaluate((b) => {
      let opacity = 1;
      for (let el: Element | null = b; el; el = el.parentElement) opacity *= Number(getComputedStyle(el).opacity);
      return opacity;
    });
    expect(faded).toBe(1);
    await activate.click();
    await page.getByRole('status').getByText('Adela Agent was activated and can sign in again.').waitFor();
    expect(await agentOf(ada.user.id)).toMatchObject({ active: true });
    expect(w.people.problems).toEqual([]);
  });

  it('takes a reset code pasted with the spaces of the email, then starts the sign-in with the address', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Pia' });
    const page = await w.people.page('customer', { viewport: { width: 390, height: 844 } });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.app.url });
    await page.goto(`${w.app.url}/forgot`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByRole('button', { name: 'Send code' }).click();
    const codeField = page.getByLabel('Code');
    await codeField.waitFor();
    // The second step fits a phone: nothing pushes the card sideways.
    await expect(page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).resolves.toBeLessThanOrEqual(0);

    // The mail indents the code; copying the line takes the spaces along.
    const line = await mailedCodeLine(w.app, customer.email);
    expect(line).toMatch(/^\s+\d{6}$/);
    const code = line.trim();
    await page.evaluate((text) => navigator.clipboard.writeText(text), `${line}\n`);
    await codeField.click();
    await page.keyboard.press('ControlOrMeta+V');
    await expect(codeField.inputValue()).resolves.toBe(code);

    // Typed in groups works as well.
    await codeField.fill('');
    await codeField.pressSequentially(`${code.slice(0, 3)} ${code.slice(3)}`);
    await expect(codeField.inputValue()).resolves.toBe(code);

    const password = 'a-new-password-1';
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/login?reset=1');

    // The sign-in starts with the address; the "changed" notice goes once a sign-in fails.
    const changed = page.getByText('Your password was changed. Sign in with the new one.');
    await changed.waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(customer.email);
    await page.getByLabel('Password').fill('not-the-new-one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That email and password do not match an account.').waitFor();
    await expect(changed.count()).resolves.toBe(0);

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/customer');
    expect(w.people.problems).toEqual([]);
  });

  it("shows the customer their agent's expertise and whether they are online, live", async () => {
    const theo = await w.api.createAgent(w.admin.token, { firstName: 'Theodor', expertise: ['Electronics', 'Fashion'] });
    const customer = await w.api.registerCustomer({ firstName: 'Rosa' });
    const ticket = await w.api.raiseTicket(customer.token, { subject: 'Which strap fits the X2 watch?' });
    await w.api.assign(w.admin.token, ticket.id, theo.user.id);

    const page = await w.people.page('customer', { token: customer.token });
    await page.goto(`${w.app.url}/customer/tickets/${ticket.id}`);
    const details = page.getByRole('complementary', { name: 'Ticket details' });
    const agentCell = details.getByRole('definition').filter({ hasText: 'Theodor Agent' });
    await agentCell.getByText('Offline').waitFor();
    const expertise = details.getByRole('definition').filter({ has: page.locator('.badge') });
    await expect(expertise.locator('.badge').allTextContents()).resolves.toEqual(['Electronics', 'Fashion']);

    // The agent comes online and goes again: the dot follows without a reload.
    const socket = await connectSocket(w.app.url, theo.token);
    await agentCell.getByText('Online').waitFor();
    await expect(agentCell.locator('.dot.online').count()).resolves.toBe(1);
    socket.disconnect();
    await agentCell.getByText('Offline').waitFor();
    await expect(agentCell.locator('.dot.online').count()).resolves.toBe(0);

    // The admin's view of the same ticket follows too (from agent:presence); the agent's own shows no dot of theirs.
    const admin = await w.people.page('admin', { token: w.admin.token });
    await admin.goto(`${w.app.url}/admin/tickets/${ticket.id}`);
    const adminAgent = admin.getByRole('definition').filter({ hasText: 'Theodor Agent' });
    await adminAgent.getByText('Offline').waitFor();
    const again = await connectSocket(w.app.url, theo.token);
    await adminAgent.getByText('Online').waitFor();
    const agentPage = await w.people.page('agent', { token: theo.token });
    await agentPage.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    const own = agentPage.getByRole('complementary', { name: 'Ticket details' });
    await own.getByRole('definition').filter({ hasText: 'Theodor Agent' }).waitFor();
    await expect(own.getByText(/^(Online|Offline)$/).count()).resolves.toBe(0);
    again.disconnect();
    expect(w.people.problems).toEqual([]);
  });
});
