import { startApp, type TestApp } from '../helpers/app';
import { Api, type Session } from '../helpers/api';
import { connect, type ChatClient } from '../helpers/socket';

jest.setTimeout(60_000);

/** Socket handshakes reuse an account lookup for a few seconds; a revocation or a deactivation is still felt at once. */
describe('handshake account cache', () => {
  let t: TestApp;
  let api: Api;
  let admin: Session;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    t = await startApp();
    api = new Api(t.url);
    admin = await api.login(t.admin.email, t.admin.password);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t?.close();
  });

  it('a token signed out everywhere is refused at the very next handshake', async () => {
    const customer = await api.registerCustomer();
    // Three handshakes in a row: the account is looked up once and reused.
    for (let i = 0; i < 3; i++) sockets.push(await connect(t.url, customer.token));
    await api.post('/auth/logout-all', {}, customer.token).expect((r) => expect(r.status).toBeLessThan(300));
    await expect(connect(t.url, customer.token)).rejects.toThrow('UNAUTHORIZED');
  });

  it('a deactivated agent is refused at the very next handshake, and may connect again once reactivated', async () => {
    const agent = (await api.createAgent(admin.token)) as unknown as Session;
    sockets.push(await connect(t.url, agent.token));
    await api.patch(`/agents/${agent.user.id}`, { active: false }, admin.token).expect(200);
    await expect(connect(t.url, agent.token)).rejects.toThrow('UNAUTHORIZED');
    await api.patch(`/agents/${agent.user.id}`, { active: true }, admin.token).expect(200);
    const again = await api.login(agent.email, agent.password);
    sockets.push(await connect(t.url, again.token));
  });
});
