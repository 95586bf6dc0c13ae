/**
 * What a QA pass over the admin's and the agent's journeys found: messages that outlive what they
 * say ("Assigned to …" under a ticket that has moved on, a close question carried to another
 * ticket), and a settings form that quietly undid a change made elsewhere.
 */
import type { Page } from 'playwright-core';
import type { TicketDto } from '@ccr/shared';
import { newClientId, type Session } from '../helpers/api';
import { composer, messages, useBrowserApp } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('staff QA', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  const details = (page: Page) => page.getByRole('complementary', { name: 'Ticket details' });

  it("the admin's ticket page forgets a done assignment and an open close question once they no longer apply", async () => {
    const zed = await w.api.createAgent(w.admin.token, { firstName: 'Zed', expertise: [] });
    const olga = await w.api.createAgent(w.admin.token, { firstName: 'Olga', expertise: [] });
    const eve = await w.api.registerCustomer({ firstName: 'Eve' });
    const blender = await w.api.raiseTicket(eve.token, { subject: 'Blender is noisy', category: 'Home & Kitchen' });
    const mixer = await w.api.raiseTicket(eve.token, { subject: 'Mixer is broken', category: 'Home & Kitchen' });

    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/tickets/${blender.id}`);
    await details(admin).getByLabel('Assign to').selectOption(zed.user.id);
    await details(admin)
      .getByRole('button', { name: /^Assign/ })
      .click();
    await details(admin).getByText('Assigned to Zed Agent.').waitFor();
    await details(admin).getByRole('button', { name: 'Close ticket' }).click();
    await details(admin).getByText('Close this ticket for the customer?').waitFor();

    // The customer's other ticket, opened from the same page: still waiting, nothing to confirm.
    await details(admin)
      .getByRole('link', { name: /Mixer is broken/ })
      .click();
    await details(admin).getByRole('heading', { name: 'Mixer is broken' }).waitFor();
    await details(admin).getByText('Waiting for an agent').waitFor();
    expect(
      await details(admin)
        .getByText(/Assigned to Zed/)
        .count(),
    ).toBe(0);
    expect(await details(admin).getByText('Close this ticket for the customer?').count()).toBe(0);
    await details(admin).getByRole('button', { name: 'Close ticket' }).waitFor();

    // Back on the first ticket, passed on to Olga by someone else while the admin looks at it.
    await admin.goto(`${w.app.url}/admin/tickets/${blender.id}`);
    await details(admin).getByLabel('Reassign to').selectOption(olga.user.id);
    await details(admin)
      .getByRole('button', { name: /^Reassign/ })
      .click();
    await details(admin).getByText('Assigned to Olga Agent.').waitFor();
    await w.api.assign(w.admin.token, blender.id, zed.user.id);
    await details(admin)
      .getByText(/Reassigned from Olga to Zed/)
      .waitFor();
    expect(
      await details(admin)
        .getByText(/Assigned to Olga/)
        .count(),
    ).toBe(0);
    expect(mixer.status).toBe('OPEN');
  });

  async function settingsWithQuota(): Promise<Page> {
    await w.api.patch('/settings', { autoAssign: false, ticketQuota: null }, w.admin.token).expect(200);
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/settings`);
    await admin.getByRole('switch', { name: 'Limit how many tickets a customer can raise' }).check();
    return admin;
  }

  it("says the quota's bounds beside its fields, in words, before anything is sent", async () => {
    const admin = await settingsWithQuota();
    await admin.getByLabel('Tickets', { exact: true }).fill('5000');
    await admin.getByLabel('Per number of days').fill('999');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('A whole number from 1 to 1000.').waitFor();
    await admin.getByText('A whole number of days from 1 to 365.').waitFor();
    expect(await admin.getByText(/must not be greater/).count()).toBe(0);
    expect((await w.api.get('/settings', w.admin.token).expect(200)).body.ticketQuota).toBeNull();
  });

  it('saving the quota keeps auto-assignment as it is now, switched on elsewhere since the page loaded', async () => {
    const admin = await settingsWithQuota();
    // Meanwhile auto-assignment is switched on from the live queue (another tab, another admin).
    await w.api.patch('/settings', { autoAssign: true }, w.admin.token).expect(200);
    await admin.getByLabel('Tickets', { exact: true }).fill('3');
    await admin.getByLabel('Per number of days').fill('7');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Settings saved.').waitFor();
    const saved = await w.api.get('/settings', w.admin.token).expect(200);
    expect(saved.body).toEqual({ autoAssign: true, ticketQuota: { count: 3, days: 7 } });
    // The form now shows what holds.
    expect(await admin.getByRole('switch', { name: 'Assign new tickets automatically' }).isChecked()).toBe(true);
    await w.api.patch('/settings', { autoAssign: false, ticketQuota: null }, w.admin.token).expect(200);
  });

  const write = (ticket: TicketDto, from: Session, body: string) =>
    w.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, from.token).expect(201);
  const inbox = (page: Page) => page.getByRole('complementary', { name: 'Your conversations' });
  const conversation = (page: Page, subject: string) => inbox(page).getByRole('link', { name: new RegExp(subject) });
  const tabButton = (page: Page, name: 'Active' | 'Closed') => inbox(page).getByRole('button', { name: new RegExp(`^${name}`) });

  it("keeps the agent's choice of Active or Closed chats: a chat closed while open, or new messages, do not flip it", async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Pia', expertise: [], maxConcurrent: 5 });
    const hal = await w.api.registerCustomer({ firstName: 'Hal' });
    const ivy = await w.api.registerCustomer({ firstName: 'Ivy' });
    const lamp = await w.api.raiseTicket(hal.token, { subject: 'Lamp flickers' });
    const shoes = await w.api.raiseTicket(ivy.token, { subject: 'Shoes squeak' });
    for (const t of [lamp, shoes]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    await write(lamp, hal, 'The lamp flickers at night');

    const pia = await w.people.page('agent', { token: agent.token, viewport: PHONE });
    await pia.goto(`${w.app.url}/agent/tickets/${lamp.id}`);
    await messages(pia).getByText('The lamp flickers at night').waitFor();
    // Hal closes his ticket while Pia has it open; back on the list, her active chats are still shown.
    await w.api.post(`/tickets/${lamp.id}/close`, undefined, hal.token).expect(200);
    await messages(pia)
      .getByText(/closed by the customer/)
      .waitFor();
    await pia.getByRole('link', { name: 'Back to conversations' }).click();
    await conversation(pia, 'Shoes squeak').waitFor();
    expect(await tabButton(pia, 'Active').getAttribute('aria-pressed')).toBe('true');

    // Opening the closed chat shows the closed list; choosing Active then sticks while messages arrive.
    const desk = await w.people.page('agent-desk', { token: agent.token, viewport: DESKTOP });
    await desk.goto(`${w.app.url}/agent/tickets/${lamp.id}`);
    await messages(desk).getByText('The lamp flickers at night').waitFor();
    await conversation(desk, 'Lamp flickers').waitFor();
    expect(await tabButton(desk, 'Closed').getAttribute('aria-pressed')).toBe('true');
    // While the closed list is shown, the Active tab says that messages wait there.
    await write(shoes, ivy, 'They squeak on every step');
    await tabButton(desk, 'Active').filter({ hasText: '1 unread' }).waitFor();
    await tabButton(desk, 'Active').click();
    await conversation(desk, 'Shoes squeak').waitFor();
    await write(shoes, ivy, 'Hello? Anyone?');
    await conversation(desk, 'Shoes squeak').filter({ hasText: 'Hello? Anyone?' }).waitFor();
    await desk.waitForTimeout(300);
    expect(await tabButton(desk, 'Active').getAttribute('aria-pressed')).toBe('true');
    expect(await conversation(desk, 'Lamp flickers').count()).toBe(0);

    // Opening an active chat from the closed list shows the active list again.
    await tabButton(desk, 'Closed').click();
    await desk.goto(`${w.app.url}/agent/tickets/${shoes.id}`);
    await composer(desk).waitFor();
    await conversation(desk, 'Shoes squeak').waitFor();
    expect(await tabButton(desk, 'Active').getAttribute('aria-pressed')).toBe('true');
  });

  it("on a phone, the admin's ticket list still says who asks and who answers each ticket", async () => {
    const wes = await w.api.createAgent(w.admin.token, { firstName: 'Wes', expertise: [] });
    const lou = await w.api.registerCustomer({ firstName: 'Lou', lastName: 'Lane' });
    const taken = await w.api.raiseTicket(lou.token, { subject: 'Radio hums when charging' });
    const waiting = await w.api.raiseTicket(lou.token, { subject: 'Remote lost its pairing' });
    await w.api.assign(w.admin.token, taken.id, wes.user.id);

    const admin = await w.people.page('admin', { token: w.admin.token, viewport: PHONE });
    await admin.goto(`${w.app.url}/admin/tickets`);
    const row = (id: string) => admin.locator(`tr[data-ticket-id="${id}"]`);
    await row(taken.id)
      .getByText(/Lou Lane · Wes Agent/)
      .waitFor({ state: 'visible' });
    await row(waiting.id)
      .getByText(/Lou Lane · No agent yet/)
      .waitFor({ state: 'visible' });

    // On a desktop the columns say it, once.
    await admin.setViewportSize(DESKTOP);
    await row(taken.id).getByRole('cell', { name: 'Wes Agent', exact: true }).waitFor();
    expect(
      await row(taken.id)
        .getByText(/Lou Lane · Wes Agent/)
        .isVisible(),
    ).toBe(false);
  });

  it('Edit on an agent far down a long team brings the edit form into view with the focus, and Escape leaves it', async () => {
    for (let i = 1; i <= 10; i++) await w.api.createAgent(w.admin.token, { firstName: `Team${String(i).padStart(2, '0')}` });
    await w.api.createAgent(w.admin.token, { firstName: 'Zuri' });
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/agents`);
    const edit = admin.getByRole('button', { name: 'Edit Zuri Agent' });
    await edit.scrollIntoViewIfNeeded();
    await edit.click();
    const heading = admin.getByRole('heading', { name: 'Edit Zuri Agent' });
    await heading.waitFor();
    await admin.waitForFunction(() => {
      const h = document.getElementById('edit-heading')?.getBoundingClientRect();
      return !!h && h.top >= 0 && h.bottom <= window.innerHeight && document.activeElement?.id === 'edit-heading';
    });

    await admin.getByLabel('Max concurrent tickets', { exact: true }).last().focus();
    await admin.keyboard.press('Escape');
    await heading.waitFor({ state: 'detached' });
    await admin.getByRole('heading', { name: 'Create an agent' }).waitFor();
    expect(await edit.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('the stats tell two agents with the same first name apart', async () => {
    for (const lastName of ['Ames', 'Bolt'])
      await w.api
        .post(
          '/agents',
          {
            firstName: 'Raya',
            lastName,
            email: `raya-${lastName.toLowerCase()}@example.test`,
            password: 'raya-password-1',
            maxConcurrent: 2,
          },
          w.admin.token,
        )
        .expect(201);
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: PHONE });
    await admin.goto(`${w.app.url}/admin/stats`);
    const agents = admin.getByRole('region', { name: 'Agents' });
    await agents.getByRole('cell', { name: 'Raya Ames', exact: true }).waitFor();
    await agents.getByRole('cell', { name: 'Raya Bolt', exact: true }).waitFor();
  });

  it("a deactivated agent's open tab is signed out with a notice that does not claim the session ran out", async () => {
    const kim = await w.api.createAgent(w.admin.token, { firstName: 'Kim', expertise: [] });
    const page = await w.people.page('agent', { token: kim.token, viewport: DESKTOP });
    await page.goto(`${w.app.url}/agent`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();

    await w.api.patch(`/agents/${kim.user.id}`, { active: false }, w.admin.token).expect(200);
    await page.waitForURL('**/login**');
    const notice = page.getByRole('status').filter({ hasText: 'Please sign in again' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toBe('Your session has ended. Please sign in again.');
  });

  it("an admin's open agents page shows an agent another admin creates, deactivates and activates, without a reload", async () => {
    const admin = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    await admin.goto(`${w.app.url}/admin/agents`);
    await admin.getByRole('heading', { name: 'Agents' }).first().waitFor();
    await admin.waitForTimeout(300);

    const nia = await w.api.createAgent(w.admin.token, { firstName: 'Nia', expertise: [] });
    const row = admin.locator(`tr[data-agent-id="${nia.user.id}"]`);
    await row.getByRole('button', { name: 'Deactivate Nia Agent' }).waitFor();
    await w.api.patch(`/agents/${nia.user.id}`, { active: false }, w.admin.token).expect(200);
    await row.getByRole('button', { name: 'Activate Nia Agent' }).waitFor();
    await w.api.patch(`/agents/${nia.user.id}`, { active: true }, w.admin.token).expect(200);
    await row.getByRole('button', { name: 'Deactivate Nia Agent' }).waitFor();
  });
});
