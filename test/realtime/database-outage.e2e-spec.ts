import { ErrorCode } from '@ccr/shared';
import { createTestDatabase, MYSQL_URL, startApp, type TestApp } from '../helpers/app';
import { Api, newClientId } from '../helpers/api';
import { ack, connect, sleep, type ChatClient } from '../helpers/socket';
import { TcpProxy } from '../helpers/tcp-proxy';

jest.setTimeout(90_000);

/** MySQL stops during a chat: sends are refused with UNAVAILABLE (never ok), health is 503, and service returns by itself. */
describe('a database outage', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const target = new URL(MYSQL_URL.replace(/^mariadb:/, 'mysql:'));
    proxy = new TcpProxy(target.hostname, Number(target.port || 3306));
    const port = await proxy.start();
    const viaProxy = new URL(db.url.replace(/^mariadb:/, 'mysql:'));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    t = await startApp({ database: { name: db.name, url: viaProxy.toString().replace(/^mysql:/, MYSQL_URL.split(':')[0] + ':') } });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await proxy?.restore();
    await t?.close();
    await proxy?.close();
    await drop?.();
  });

  it('refuses sends with UNAVAILABLE while down and recovers without a restart', async () => {
    const api = new Api(t.url);
    const admin = await api.login(t.admin.email, t.admin.password);
    const customer = await api.registerCustomer();
    const agent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    const socket = await connect(t.url, customer.token);
    sockets.push(socket);
    expect((await ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'before' })).ok).toBe(true);

    await proxy.cut();
    const down = await ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'during' }, 15_000);
    expect(down).toEqual({ ok: false, error: { code: ErrorCode.UNAVAILABLE, message: expect.any(String) } });
    const rest = await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'during' }, customer.token);
    expect(rest.status).toBe(503);
    expect(rest.body.error).toBe(ErrorCode.UNAVAILABLE);
    const health = await api.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ db: 'down' });

    await proxy.restore();
    const deadline = Date.now() + 30_000;
    let answer: any = null;
    const clientId = newClientId();
    while (Date.now() < deadline) {
      answer = await ack(socket, 'message:send', { ticketId: ticket.id, clientId, body: 'after' }, 15_000);
      if (answer.ok) break;
      expect(answer.error.code).toBe(ErrorCode.UNAVAILABLE);
      await sleep(500);
    }
    expect(answer.ok).toBe(true);
    await api.get('/health').expect(200);
    const history = await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200);
    expect(history.body.items.map((m: { body: string }) => m.body)).toEqual(['before', 'after']);
  });
});
