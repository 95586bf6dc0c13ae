import { LIMITS, type AgentDto, type TicketDto, type UserDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { ack, collect, next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * A name can be put right: a user changes their own (`PATCH /api/auth/me`), an admin an agent's
 * (`PATCH /api/agents/:id`). The user's open sockets are told (`account:updated`) and from then on
 * send under the new name without reconnecting; tickets show it; bad input changes
 * nothing. The email, how the user signs in, cannot be changed this way.
 */
describe('changing a name', () => {
  const f = useTestApp();

  async function chat() {
    const { api, admin } = f;
    const customer = await api.registerCustomer({ firstName: 'Carla', lastName: 'Customer' });
    const agent = await api.createAgent(admin.token, { firstName: 'Andy' });
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    const [customerSocket, agentSocket] = [await f.online(customer.token), await f.online(agent.token)];
    await ack(customerSocket, 'ticket:join', { ticketId: ticket.id });
    await ack(agentSocket, 'ticket:join', { ticketId: ticket.id });
    return { customer, agent, ticket, customerSocket, agentSocket };
  }

  it('a customer changes their own name: their open socket writes under it at once, and the ticket shows it', async () => {
    const { api } = f;
    const { customer, agent, ticket, customerSocket, agentSocket } = await chat();

    const told = next(customerSocket, 'account:updated', (u) => u.firstName === 'Carlotta');
    const res = await api.patch('/auth/me', { firstName: '  Carlotta ', lastName: 'Ng' }, customer.token).expect(200);
    expect(res.body).toMatchObject({ id: customer.user.id, firstName: 'Carlotta', lastName: 'Ng', email: customer.email });
    await expect(told).resolves.toMatchObject({ firstName: 'Carlotta', lastName: 'Ng' });

    const heard = next(agentSocket, 'message:new', (m) => m.body === 'Written under my new name');
    expect(
      (await ack(customerSocket, 'message:send', { ticketId: ticket.id, clientId: 'rename-1', body: 'Written under my new name' })).ok,
    ).toBe(true);
    expect((await heard).sender).toMatchObject({ id: customer.user.id, firstName: 'Carlotta' });
    const seen = (await api.get(`/tickets/${ticket.id}`, agent.token).expect(200)).body as TicketDto;
    expect(seen.customer).toMatchObject({ firstName: 'Carlotta', lastName: 'Ng' });
    expect((await api.get('/auth/me', customer.token).expect(200)).body).toMatchObject({ firstName: 'Carlotta', lastName: 'Ng' });
  });

  it('refuses an empty, multi-line or too long name, or an email, and changes nothing', async () => {
    const { api } = f;
    const customer = await api.registerCustomer({ firstName: 'Kim', lastName: 'Keys' });
    const socket = await f.online(customer.token);
    const heard = collect(socket, 'account:updated');
    for (const body of [
      { firstName: '' },
      { firstName: '   ' },
      { lastName: 'two\nlines' },
      { firstName: 'x'.repeat(LIMITS.nameMaxLength + 1) },
      { firstName: 42 },
      { email: 'someone-else@example.test' },
    ]) {
      const res = await api.patch('/auth/me', body, customer.token).expect(400);
      expect(res.body).toMatchObject({ error: 'VALIDATION' });
    }
    // The same name again is no change, and no news.
    await api.patch('/auth/me', { firstName: 'Kim' }, customer.token).expect(200);
    await api.patch('/auth/me', {}, undefined).expect(401);
    await sleep(300);
    expect(heard).toEqual([]);
    expect((await api.get('/auth/me', customer.token).expect(200)).body).toMatchObject({
      firstName: 'Kim',
      lastName: 'Keys',
      email: customer.email,
    });
  });

  it("an admin puts an agent's name right: the agent's pages and the admins' are told, and the agent writes under it", async () => {
    const { api, admin } = f;
    const { customer, agent, ticket, customerSocket, agentSocket } = await chat();
    const adminSocket = await f.online(admin.token);

    const agentTold = next(agentSocket, 'account:updated', (u: UserDto) => u.firstName === 'Andrea');
    const adminsTold = next(adminSocket, 'agent:updated', (a: AgentDto) => a.id === agent.user.id && a.firstName === 'Andrea');
    await api.patch(`/agents/${agent.user.id}`, { firstName: 'Andrea' }, admin.token).expect(200);
    await Promise.all([agentTold, adminsTold]);

    const heard = next(customerSocket, 'message:new', (m) => m.body === 'Hello again');
    await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: 'rename-2', body: 'Hello again' });
    expect((await heard).sender.firstName).toBe('Andrea');
    const seen = (await api.get(`/tickets/${ticket.id}`, customer.token).expect(200)).body as TicketDto;
    expect(seen.agent?.firstName).toBe('Andrea');
    // Only an admin renames someone else.
    await api.patch(`/agents/${agent.user.id}`, { firstName: 'Mallory' }, agent.token).expect(403);
    await api.patch(`/agents/${agent.user.id}`, { firstName: '' }, admin.token).expect(400);
  });

  it('tells the people across the user’s open tickets and the admins, so what they show takes the new name, and nobody else', async () => {
    const { api, admin } = f;
    const { customer, agent, customerSocket, agentSocket } = await chat();
    const adminSocket = await f.online(admin.token);
    // Strangers: another agent and another customer, each with a chat of their own.
    const other = await chat();
    const heard = [agentSocket, adminSocket, customerSocket, other.agentSocket, other.customerSocket].map((s) =>
      collect(s, 'person:renamed'),
    );

    await api.patch('/auth/me', { firstName: 'Carlotta', lastName: 'Ng' }, customer.token).expect(200);
    const renamed = { userId: customer.user.id, firstName: 'Carlotta', lastName: 'Ng' };
    await Promise.all([next(agentSocket, 'person:renamed'), next(adminSocket, 'person:renamed')]);

    // An admin renames the agent: the customer of the agent's open chat is told.
    await api.patch(`/agents/${agent.user.id}`, { firstName: 'Andrea' }, admin.token).expect(200);
    const agentRenamed = { userId: agent.user.id, firstName: 'Andrea', lastName: 'Agent' };
    await next(customerSocket, 'person:renamed', (e) => e.userId === agent.user.id);
    await sleep(300);
    expect(heard).toEqual([[renamed], expect.arrayContaining([renamed, agentRenamed]), [agentRenamed], [], []]);
  });
});
