/**
 * A real server restart (the process stops and a new one starts on the same port, on the
 * same database): both people's pages say they are reconnecting, come back by themselves,
 * and the chat goes on where it was, with nothing lost or doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startServerProcess, freePort, type ServerProcess } from '../helpers/server-process';
import { Api, newClientId } from '../helpers/api';
import { composer, launchBrowser, messages, People, reconnecting, say, shownBodies } from './browser';

jest.setTimeout(150_000);

describe('the web app across a server restart', () => {
  let server: ServerProcess | null = null;
  let browser: Browser;
  let people: People;
  let dataDir: string;
  let env: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ccr-restart-'));
    port = await freePort();
    env = {
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: 'admin@restart.test',
      ADMIN_PASSWORD: `Admin-${randomBytes(8).toString('hex')}`,
      BCRYPT_COST: '4',
      RATE_LIMIT_SCALE: '1000',
    };
    server = await startServerProcess(env, port);
    browser = await launchBrowser();
    people = new People(browser, server.url);
  });

  afterAll(async () => {
    await people?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the reconnect banner while the server is down and carries on afterwards', async () => {
    const url = server!.url;
    const api = new Api(url);
    const admin = await api.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customer = await api.registerCustomer({ firstName: 'Yara' });
    const agent = await api.createAgent(admin.token, { firstName: 'Zeno', expertise: [] });
    const ticket = await api.raiseTicket(customer.token, { subject: 'Will my order survive a restart?' });
    await api.assign(admin.token, ticket.id, agent.user.id);

    const yara = await people.page('customer', { token: customer.token });
    const zeno = await people.page('agent', { token: agent.token });
    await yara.goto(`${url}/customer/tickets/${ticket.id}`);
    await zeno.goto(`${url}/agent/tickets/${ticket.id}`);
    await say(yara, 'Before the restart');
    await messages(zeno).getByText('Before the restart').waitFor();
    await expect(reconnecting(yara).count()).resolves.toBe(0);

    // The server goes away: both pages say so, and a message written now waits.
    await server!.stop('SIGTERM');
    await reconnecting(yara).waitFor();
    await reconnecting(zeno).waitFor();
    await composer(yara).fill('Written while the server was down');
    await composer(yara).press('Enter');
    await messages(yara).locator('[data-state="sending"]').getByText('Written while the server was down').waitFor();

    // A new process on the same port and database.
    server = await startServerProcess(env, port);
    await api
      .post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Agent, right after the restart' }, agent.token)
      .expect(201);

    await reconnecting(yara).waitFor({ state: 'detached', timeout: 30_000 });
    await reconnecting(zeno).waitFor({ state: 'detached', timeout: 30_000 });
    await messages(yara).locator('[data-state="sent"]').getByText('Written while the server was down').waitFor();
    await messages(zeno).getByText('Written while the server was down').waitFor();
    await messages(yara).getByText('Agent, right after the restart').waitFor();

    // The live chat works on the new process in both directions.
    await say(zeno, 'All good on my side');
    await messages(yara).getByText('All good on my side').waitFor();
    const expected = ['Before the restart', 'Written while the server was down', 'Agent, right after the restart', 'All good on my side'];
    const sorted = (xs: string[]) => [...xs].sort();
    // The two messages written around the restart may be stored in either order; each exactly once.
    await expect(shownBodies(yara).then(sorted)).resolves.toEqual(sorted(expected));
    await expect(shownBodies(zeno).then(sorted)).resolves.toEqual(sorted(expected));
    expect(people.problems.filter((p) => !/Failed to fetch|WebSocket/.test(p))).toEqual([]);
  });
});
