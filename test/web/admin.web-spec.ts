/**
 * The admin's pages: the live queue updates the moment a customer raises a ticket (no
 * reload) and shows each agent's online state and load; the customer sees their place in
 * the queue move live; the ticket page tells the ticket's history; all tickets filter by
 * status, agent, category and text; stats draw charts with the figures also in a table.
 */
import { randomBytes } from 'node:crypto';
import type { AgentDto, Stats } from '@ccr/shared';
import { newClientId } from '../helpers/api';
import { useBrowserApp } from './browser';
import { connectSocket } from './socket-client';

jest.setTimeout(180_000);

describe('the admin pages', () => {
  // The address a first start gives the admin when ADMIN_EMAIL is not set (README): no dot in its domain.
  const w = useBrowserApp({ env: { ADMIN_EMAIL: 'admin@localhost', ADMIN_PASSWORD: `Admin-${randomBytes(8).toString('hex')}` } });

  it('lets the default admin, admin@localhost, sign in and ask for a reset code on the web pages', async () => {
    const page = await w.people.page('admin-sign-in');
    await w.people.signIn(page, 'admin@localhost', w.app.admin.password);
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { name: 'Live queue' }).waitFor();

    const forgot = await w.people.page('admin-forgot');
    await forgot.goto(`${w.app.url}/forgot`);
    await forgot.getByLabel('Email').fill('admin@localhost');
    await forgot.getByRole('button', { name: /code/i }).click();
    await forgot.getByText('If an account exists for admin@localhost').waitFor();
    await forgot.getByLabel('Code').waitFor();
  });

  it('shows a ticket in the live queue the moment a customer raises it, and the customer their live position', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Quinn', expertise: ['Electronics'], maxConcurrent: 4 });
    const adminPage = await w.people.page('admin', { token: w.admin.token, viewport: { width: 1440, height: 900 } });
    await adminPage.goto(`${w.app.url}/admin`);
    await adminPage.getByRole('heading', { name: 'Live queue' }).waitFor();
    const agentsPanel = adminPage.getByRole('complementary', { name: 'Agents' });
    await agentsPanel.getByText('Quinn Agent, offline').waitFor();

    // The agent comes online: the w.admin sees it without reloading.
    const socket = await connectSocket(w.app.url, agent.token);
    await agentsPanel.getByText('Quinn Agent, online').waitFor();

    // Two customers raise tickets through the web w.app while the w.admin watches.
    const first = await w.api.raiseTicket((await w.api.registerCustomer({ firstName: 'Early' })).token, {
      subject: 'Earlier waiting ticket',
    });
    const customer = await w.api.registerCustomer({ firstName: 'Vera' });
    const vera = await w.people.page('customer');
    await w.people.signIn(vera, customer.email, customer.password);
    await vera.waitForURL('**/customer');
    await vera.getByRole('link', { name: 'New ticket' }).first().click();
    await vera.getByLabel('Subject').fill('Does this speaker pair with two phones?');
    await vera.getByLabel('Category').selectOption('Electronics');
    await vera.getByLabel('Description').fill('I want to switch between my phone and my partner’s.');
    await vera.getByRole('button', { name: 'Submit ticket' }).click();
    await vera.waitForURL(/\/customer\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = vera.url().split('/').pop() as string;

    const queued = adminPage.getByRole('article', { name: /Does this speaker pair with two phones/ });
    await queued.waitFor();
    await queued.getByText(/Waiting \d+s/).waitFor();
    await adminPage.getByRole('status').filter({ hasText: 'New ticket' }).waitFor({ state: 'attached' });
    // The assign control names each agent with online state, load and capacity.
    await queued.getByRole('option', { name: /Quinn Agent · online · 0\/4/ }).waitFor({ state: 'attached' });

    // Vera is second in the queue; when the earlier ticket is assigned she moves up, live.
    // The ticket's details say it (phones show a copy of the line above the chat).
    const details = vera.getByRole('complementary', { name: 'Ticket details' });
    const position = details.getByText(/^Position \d+ in the queue/);
    await position.waitFor();
    await expect(position.textContent()).resolves.toMatch(/^Position 2 in the queue/);
    await w.api.assign(w.admin.token, first.id, agent.user.id);
    await details.getByText(/^Position 1 in the queue/).waitFor();
    await adminPage.getByRole('article', { name: /Earlier waiting ticket/ }).waitFor({ state: 'detached' });
    await agentsPanel.getByText('1/4').waitFor();

    // Assigning from the queue takes the ticket out of it, and Vera sees her agent.
    await queued.getByLabel('Assign to').selectOption({ label: 'Quinn Agent · online · 1/4' });
    await queued.getByRole('button', { name: /^Assign/ }).click();
    await queued.waitFor({ state: 'detached' });
    await vera.getByRole('complementary', { name: 'Ticket details' }).getByText('Quinn Agent').waitFor();
    await expect(vera.getByText(/^Position \d+ in the queue/).count()).resolves.toBe(0);
    socket.disconnect();
    await agentsPanel.getByText('Quinn Agent, offline').waitFor();
    void ticketId;
    expect(w.people.problems).toEqual([]);
  });

  it('tells the ticket history, filters all tickets and charts the stats', async () => {
    const ann = await w.api.createAgent(w.admin.token, { firstName: 'Annika', expertise: ['Sports & Outdoors'] });
    const bo = await w.api.createAgent(w.admin.token, { firstName: 'Bodo', expertise: [] });
    const customer = await w.api.registerCustomer({ firstName: 'Wanda' });
    const book = await w.api.raiseTicket(customer.token, { subject: 'Signed copy of the atlas?', category: 'Sports & Outdoors' });
    const _phone = await w.api.raiseTicket(customer.token, { subject: 'Phone case colour', category: 'Electronics' });
    await w.api.assign(w.admin.token, book.id, ann.user.id);
    await w.api.assign(w.admin.token, book.id, bo.user.id);
    await w.api.post(`/tickets/${book.id}/messages`, { clientId: newClientId(), body: 'Yes, signed by the author.' }, bo.token).expect(201);
    await w.api.post(`/tickets/${book.id}/close`, undefined, customer.token).expect(200);
    await w.api.post(`/tickets/${book.id}/rating`, { score: 5 }, customer.token).expect(201);

    const page = await w.people.page('admin', { token: w.admin.token, viewport: { width: 1440, height: 900 } });
    await page.goto(`${w.app.url}/admin/tickets/${book.id}`);
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Raised by Wanda Customer in Sports & Outdoors').waitFor();
    await history.getByText(/^Assigned to Annika by Admin User$/).waitFor();
    await history.getByText(/^Reassigned from Annika to Bodo by /).waitFor();
    await history.getByText('Closed by Wanda Customer (the customer)').waitFor();
    await history.getByText(/^Rated 5 out of 5/).waitFor();
    const other = page.getByRole('region', { name: "Wanda's other tickets" });
    await other.getByRole('link', { name: /Phone case colour/ }).waitFor();

    // All tickets: filter by agent, by category, by status and by text.
    await page.goto(`${w.app.url}/admin/tickets`);
    const table = page.getByRole('table');
    const rows = () => table.locator('tbody tr[data-ticket-id]');
    await table.getByRole('link', { name: /Phone case colour/ }).waitFor();
    await page.getByLabel('Agent').selectOption({ label: 'Bodo Agent' });
    await table.getByRole('link', { name: /Phone case colour/ }).waitFor({ state: 'detached' });
    await expect(rows().evaluateAll((r) => r.map((x) => (x as HTMLElement).dataset.ticketId))).resolves.toEqual([book.id]);
    await page.getByLabel('Agent').selectOption({ label: 'All agents' });
    await table.getByRole('link', { name: /Phone case colour/ }).waitFor();
    await page.getByLabel('Category').selectOption('Electronics');
    await table.getByRole('link', { name: /Signed copy of the atlas/ }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: /Phone case colour/ }).waitFor();
    expect(page.url()).toMatch(/category=Electronics/);
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Status').selectOption('CLOSED');
    await table.getByRole('link', { name: /Phone case colour/ }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: /Signed copy of the atlas/ }).waitFor();
    expect(page.url()).toMatch(/status=CLOSED/);

    // Agents: the average rating per agent.
    await page.goto(`${w.app.url}/admin/agents`);
    const bodoRow = page.getByRole('row', { name: /Bodo Agent/ });
    await bodoRow.getByText('5.0').waitFor();
    await expect(bodoRow.textContent()).resolves.toMatch(/5\.0\s*out of 5,\s*\(1\s*rating\)/);
    const agents = (await w.api.get('/agents', w.admin.token).expect(200)).body as { items: AgentDto[] };
    expect(agents.items.find((a) => a.id === bo.user.id)?.ratingAverage).toBe(5);

    // Stats: two charts drawn on canvases, each with an accessible name and its figures in a table.
    await page.goto(`${w.app.url}/admin/stats`);
    const perDay = page.getByRole('img', { name: /Tickets per day/ });
    await perDay.waitFor();
    await page.getByRole('img', { name: /Median first response/ }).waitFor();
    await expect(page.locator('canvas').count()).resolves.toBe(2);
    const drawn = await page
      .locator('canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
      });
    expect(drawn).toBeGreaterThan(500);
    const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());
    const todayRow = page.getByRole('table', { name: /Tickets per day/ }).getByRole('row', { name: new RegExp(today) });
    const stats = (await w.api.get('/stats', w.admin.token).expect(200)).body as Stats;
    const todays = stats.ticketsPerDay.at(-1)!;
    expect(todays.created).toBeGreaterThanOrEqual(2);
    expect(todays.closed).toBeGreaterThanOrEqual(1);
    await expect(todayRow.getByRole('cell').allTextContents()).resolves.toEqual([String(todays.created), String(todays.closed)]);
    expect(w.people.problems).toEqual([]);
  });

  it('finds tickets by text in the subject or by number', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Xena' });
    const kettle = await w.api.raiseTicket(customer.token, { subject: 'Kettle 50% off: real?', category: 'Home & Kitchen' });
    await w.api.raiseTicket(customer.token, { subject: 'Blue toaster in stock?', category: 'Home & Kitchen' });
    const page = await w.people.page('admin', { token: w.admin.token });
    await page.goto(`${w.app.url}/admin/tickets`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: /Blue toaster in stock/ }).waitFor();

    await page.getByLabel('Search').fill('50% off');
    await page.getByLabel('Search').press('Enter');
    await table.getByRole('link', { name: /Blue toaster in stock/ }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: /Kettle 50% off/ }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);

    await page.getByLabel('Search').fill(`#${kettle.number}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await table.getByRole('link', { name: /Kettle 50% off/ }).waitFor();
    await expect(table.locator('tbody tr[data-ticket-id]').count()).resolves.toBe(1);
    expect(w.people.problems).toEqual([]);
  });
});
