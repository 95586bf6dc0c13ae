/**
 * The chat across a connection drop, in Chromium: the customer's browser reaches the app
 * through a TCP proxy that the test cuts and restores. While cut, the page says it is
 * reconnecting and keeps the customer's message as "sending…"; once back, the page
 * catches up on what the agent wrote meanwhile and delivers the message exactly once.
 */
import { existsSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MessageDto } from '@ccr/shared';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId } from '../helpers/api';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_BUILD = join(__dirname, '..', '..', 'web', 'build', 'index.html');

jest.setTimeout(120_000);

/**
 * A TCP proxy that can drop every connection and refuse new ones, like a network outage, or
 * stall: keep every connection open but carry nothing, like Wi-Fi gone without a goodbye.
 */
async function outageProxy(targetPort: number) {
  const open = new Set<Socket>();
  let down = false;
  let stalled = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // Bytes are carried one way at a time; while stalled they vanish, as on a dead link.
    client.on('data', (chunk) => void (stalled || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (stalled || client.write(chunk)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    stall() {
      stalled = true;
    },
    /** Ends the stall; the connections that lived through it are dead (their streams lost bytes). */
    unstall() {
      stalled = false;
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the chat across a dropped connection', () => {
  let app: TestApp;
  let browser: Browser;
  let proxy: Awaited<ReturnType<typeof outageProxy>>;

  beforeAll(async () => {
    if (!existsSync(WEB_BUILD)) throw new Error('web/build is missing: run `npm run build -w web` first');
    app = await startApp();
    proxy = await outageProxy(app.port);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await app?.close();
  });

  async function signedInPage(origin: string, token: string, path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((t) => localStorage.setItem('ccr.token', t), token);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${origin}${path}`);
    return page;
  }

  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  const bodies = (page: Page) =>
    page
      .locator('[role="log"] [data-seq]')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.seq}:${e.querySelector('.bubble')?.textContent}`));

  it('keeps the message while offline, delivers it once, and catches up on missed messages', async () => {
    const api = new Api(app.url);
    const admin = await api.login(app.admin.email, app.admin.password);
    const customer = await api.registerCustomer({ firstName: 'Rita' });
    const agent = await api.createAgent(admin.token, { firstName: 'Olga', expertise: [] });
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);

    const rita = await signedInPage(proxy.url, customer.token, `/customer/tickets/${ticket.id}`);
    const olga = await signedInPage(app.url, agent.token, `/agent/tickets/${ticket.id}`);
    await composer(rita).waitFor();
    await composer(olga).waitFor();

    const reconnecting = rita.getByRole('status').filter({ hasText: 'Reconnecting' });
    await expect(reconnecting.count()).resolves.toBe(0);

    proxy.cut();
    await reconnecting.waitFor();
    await composer(rita).fill('Written while the line was down');
    await composer(rita).press('Enter');
    await rita.locator('[data-state="sending"]').getByText('Written while the line was down').waitFor();
    await rita.getByText('Sending…').waitFor();

    // The agent writes meanwhile; the customer cannot receive it yet.
    await api
      .post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Agent wrote during the outage' }, agent.token)
      .expect(201);
    await olga.locator('[data-seq="1"]').waitFor();

    proxy.restore();
    await reconnecting.waitFor({ state: 'detached' });
    await rita.locator('[data-seq="1"]').getByText('Agent wrote during the outage').waitFor();
    await rita.locator('[data-seq="2"][data-state="sent"]').getByText('Written while the line was down').waitFor();
    await olga.locator('[data-seq="2"]').getByText('Written while the line was down').waitFor();

    const expected = ['1:Agent wrote during the outage', '2:Written while the line was down'];
    await expect(bodies(rita)).resolves.toEqual(expected);
    await expect(bodies(olga)).resolves.toEqual(expected);
    const stored = (await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200)).body as { items: MessageDto[] };
    expect(stored.items.map((m) => `${m.seq}:${m.body}`)).toEqual(expected);
  });

  it('notices a silent dead link within seconds (no goodbye from the network) and delivers the message once', async () => {
    const api = new Api(app.url);
    const admin = await api.login(app.admin.email, app.admin.password);
    const customer = await api.registerCustomer({ firstName: 'Sam' });
    const agent = await api.createAgent(admin.token, { firstName: 'Ivo', expertise: [] });
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);

    const sam = await signedInPage(proxy.url, customer.token, `/customer/tickets/${ticket.id}`);
    const ivo = await signedInPage(app.url, agent.token, `/agent/tickets/${ticket.id}`);
    await composer(sam).waitFor();
    await composer(ivo).waitFor();
    const reconnecting = sam.getByRole('status').filter({ hasText: 'Reconnecting' });

    proxy.stall();
    const sentAt = Date.now();
    await composer(sam).fill('Sent into a dead link');
    await composer(sam).press('Enter');
    // The heartbeat would take 40 s to notice; the missing acknowledgement tells the page within seconds.
    await reconnecting.waitFor({ timeout: 15_000 });
    expect(Date.now() - sentAt).toBeLessThan(12_000);
    await sam.locator('[data-state="sending"]').getByText('Sent into a dead link').waitFor();

    proxy.unstall();
    await reconnecting.waitFor({ state: 'detached', timeout: 30_000 });
    await ivo.locator('[data-seq="1"]').getByText('Sent into a dead link').waitFor();
    await sam.locator('[data-seq="1"][data-state="sent"]').getByText('Sent into a dead link').waitFor();
    const stored = (await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200)).body as { items: MessageDto[] };
    expect(stored.items.map((m) => `${m.seq}:${m.body}`)).toEqual(['1:Sent into a dead link']);
  });

  it('shows the banner the moment the browser goes offline, and sends what was written once it is back', async () => {
    const api = new Api(app.url);
    const admin = await api.login(app.admin.email, app.admin.password);
    const customer = await api.registerCustomer({ firstName: 'Lea' });
    const agent = await api.createAgent(admin.token, { firstName: 'Max', expertise: [] });
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);

    const lea = await signedInPage(app.url, customer.token, `/customer/tickets/${ticket.id}`);
    const max = await signedInPage(app.url, agent.token, `/agent/tickets/${ticket.id}`);
    await composer(lea).waitFor();
    await composer(max).waitFor();
    const reconnecting = lea.getByRole('status').filter({ hasText: 'Reconnecting' });

    await lea.context().setOffline(true);
    await reconnecting.waitFor({ timeout: 2_000 });
    await composer(lea).fill('Written on the train');
    await composer(lea).press('Enter');
    await lea.locator('[data-state="sending"]').getByText('Written on the train').waitFor();
    await lea.context().setOffline(false);
    await reconnecting.waitFor({ state: 'detached', timeout: 15_000 });
    await max.locator('[data-seq="1"]').getByText('Written on the train').waitFor();
    await lea.locator('[data-seq="1"][data-state="sent"]').getByText('Written on the train').waitFor();
  });
});
