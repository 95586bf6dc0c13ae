/**
 * Issue #3: a token that expires is refreshed before it does, so a chat goes on for many
 * token lifetimes without signing in again; a session that is really over (revoked) ends
 * on the sign-in page with a clear message. The server issues 8-second tokens here.
 */
import type { Browser, Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { Api } from '../helpers/api';
import { composer, launchBrowser, messages, People, say } from './browser';

const TTL_SECONDS = 8;

jest.setTimeout(150_000);

describe('token refresh in the web app', () => {
  let app: TestApp;
  let browser: Browser;
  let people: People;

  beforeAll(async () => {
    app = await startApp({ env: { JWT_TTL_SECONDS: String(TTL_SECONDS) } });
    browser = await launchBrowser();
    people = new People(browser, app.url);
  });

  afterAll(async () => {
    await people?.close();
    await browser?.close();
    await app?.close();
  });

  const storedToken = (page: Page) => page.evaluate(() => localStorage.getItem('ccr.token'));

  it('keeps a customer/agent chat going for three token lifetimes without signing in again', async () => {
    const api = new Api(app.url);
    const admin = await api.login(app.admin.email, app.admin.password);
    const customer = await api.registerCustomer({ firstName: 'Tess' });
    const agent = await api.createAgent(admin.token, { firstName: 'Ivo', expertise: [] });
    const ticket = await api.raiseTicket(customer.token, { subject: 'Does the kettle descale itself?' });
    await api.assign(admin.token, ticket.id, agent.user.id);

    const tess = await people.page('customer');
    await people.signIn(tess, customer.email, customer.password);
    await tess.waitForURL('**/customer');
    const ivo = await people.page('agent');
    await people.signIn(ivo, agent.email, agent.password);
    await ivo.waitForURL('**/agent');

    await tess.goto(`${app.url}/customer/tickets/${ticket.id}`);
    await ivo.getByRole('link', { name: /Does the kettle descale itself/ }).click();
    await composer(tess).waitFor();
    await composer(ivo).waitFor();
    const firstTokens = [await storedToken(tess), await storedToken(ivo)];

    await say(tess, 'Hello before any refresh');
    await messages(ivo).getByText('Hello before any refresh').waitFor();

    // Three lifetimes of the first token, and a bit.
    const started = Date.now();
    const waitUntil = started + TTL_SECONDS * 3 * 1000 + 2000;
    let round = 0;
    while (Date.now() < waitUntil) {
      await tess.waitForTimeout(Math.min(6000, Math.max(0, waitUntil - Date.now())));
      round++;
      // Chatting on throughout: each message is acknowledged by the server and arrives live.
      await say(ivo, `Agent message ${round}`);
      await messages(tess).getByText(`Agent message ${round}`).waitFor();
    }

    for (const page of [tess, ivo]) {
      expect(page.url()).not.toContain('/login');
      await expect(page.getByRole('heading', { name: 'Sign in' }).count()).resolves.toBe(0);
    }
    const laterTokens = [await storedToken(tess), await storedToken(ivo)];
    expect(laterTokens[0]).not.toBe(firstTokens[0]);
    expect(laterTokens[1]).not.toBe(firstTokens[1]);

    await say(tess, 'Still here after three lifetimes');
    await messages(ivo).getByText('Still here after three lifetimes').waitFor();
    await say(ivo, 'And so am I');
    await messages(tess).getByText('And so am I').waitFor();

    // The stored token is a live one: a reload goes straight back into the chat.
    await tess.reload();
    await messages(tess).getByText('And so am I').waitFor();
    expect(tess.url()).toContain(`/customer/tickets/${ticket.id}`);

    // The API agrees: every message arrived exactly once.
    const stored = (await api.get(`/tickets/${ticket.id}/messages`, (await api.login(customer.email, customer.password)).token).expect(200))
      .body as { items: { body: string }[] };
    const bodies = stored.items.map((m) => m.body);
    expect(bodies[0]).toBe('Hello before any refresh');
    expect(bodies.slice(-2)).toEqual(['Still here after three lifetimes', 'And so am I']);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(round).toBeGreaterThanOrEqual(4);
    expect(people.problems).toEqual([]);
  });

  it('sends the user to sign in with a clear message when the session is really over', async () => {
    const api = new Api(app.url);
    const customer = await api.registerCustomer({ firstName: 'Uma' });
    const uma = await people.page('customer');
    await people.signIn(uma, customer.email, customer.password);
    await uma.waitForURL('**/customer');
    await uma.getByRole('heading', { name: 'My tickets' }).waitFor();

    // Signed out everywhere (from another device): the open tab cannot refresh any more.
    const fresh = await api.login(customer.email, customer.password);
    await api.post('/auth/logout-all', undefined, fresh.token).expect((r) => expect([200, 201, 204]).toContain(r.status));

    await uma.waitForURL(/\/login/, { timeout: TTL_SECONDS * 1000 + 10_000 });
    await uma
      .getByRole('status')
      .filter({ hasText: /session has (expired|ended)/ })
      .waitFor();
    await expect(uma.evaluate(() => localStorage.getItem('ccr.token'))).resolves.toBeNull();

    // Signing in again brings the user back where they were.
    await uma.getByLabel('Email').fill(customer.email);
    await uma.getByLabel('Password').fill(customer.password);
    await uma.getByRole('button', { name: 'Sign in' }).click();
    await uma.waitForURL('**/customer');
    await uma.getByRole('heading', { name: 'My tickets' }).waitFor();
  });
});
