/**
 * What a QA pass over the admin's and the agent's journeys found: messages that outlive what they
 * say ("Assigned to …" under a ticket that has moved on, a close question carried to another
 * ticket), and a settings form that quietly undid a change made elsewhere.
 */
import type { Page } from 'playwright-core';
import { useBrowserApp } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1440, height: 900 };

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
});
