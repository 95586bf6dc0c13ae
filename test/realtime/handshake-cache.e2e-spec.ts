import { useTestApp } from '../helpers/app';
import type { Session } from '../helpers/api';
import { connect } from '../helpers/socket';

jest.setTimeout(60_000);

/** Socket handshakes reuse an account lookup for a few seconds; a revocation or a deactivation is still felt at once. */
describe('handshake account cache', () => {
  const f = useTestApp();

  it('a token signed out everywhere is refused at the very next handshake', async () => {
    const customer = await f.api.registerCustomer();
    // Three handshakes in a row: the account is looked up once and reused.
    for (let i = 0; i < 3; i++) await f.online(customer.token);
    await f.api.post('/auth/logout-all', {}, customer.token).expect((r) => expect(r.status).toBeLessThan(300));
    await expect(connect(f.t.url, customer.token)).rejects.toThrow('UNAUTHORIZED');
  });

  it('a deactivated agent is refused at the very next handshake, and may connect again once reactivated', async () => {
    const agent = (await f.api.createAgent(f.admin.token)) as unknown as Session;
    await f.online(agent.token);
    await f.api.patch(`/agents/${agent.user.id}`, { active: false }, f.admin.token).expect(200);
    await expect(connect(f.t.url, agent.token)).rejects.toThrow('UNAUTHORIZED');
    await f.api.patch(`/agents/${agent.user.id}`, { active: true }, f.admin.token).expect(200);
    const again = await f.api.login(agent.email, agent.password);
    await f.online(again.token);
  });
});
