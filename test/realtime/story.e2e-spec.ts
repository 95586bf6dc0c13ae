import { ErrorCode, TicketStatus, type MessageDto, type TicketDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { newClientId } from '../helpers/api';
import { ack, collect, connect, next, sleep } from '../helpers/socket';

/** The whole registry, end to end on MySQL: a customer's question reaches an expert and the answer comes back live. */
describe('the walking skeleton story', () => {
  const f = useTestApp();

  it('carries a question from registration to a rated, closed ticket', async () => {
    // Register and raise a ticket.
    const customer = await f.api.registerCustomer({ firstName: 'Carla' });
    expect(customer.user.role).toBe('CUSTOMER');
    const me = await f.api.get('/auth/me', customer.token).expect(200);
    expect(me.body).toMatchObject({ email: customer.email, role: 'CUSTOMER' });
    expect(me.body.passwordHash).toBeUndefined();

    const adminSocket = await f.online(f.admin.token);
    const created = next(adminSocket, 'ticket:created');
    const ticket = await f.api.raiseTicket(customer.token, { subject: 'Is the X100 waterproof?' });
    expect(ticket).toMatchObject({ status: TicketStatus.OPEN, number: expect.any(Number), agent: null, queuePosition: 1 });
    expect((await created).id).toBe(ticket.id);

    // The admin creates an expert and assigns; the customer sees it live wherever connected.
    const agent = await f.api.createAgent(f.admin.token, { firstName: 'Ada', expertise: ['Electronics'] });
    const agents = await f.api.get('/agents', f.admin.token).expect(200);
    expect(agents.body.items.map((a: { id: string }) => a.id)).toContain(agent.user.id);

    const customerSocket = await f.online(customer.token);
    const agentSocket = await f.online(agent.token);
    const customerSeesAssignment = next(customerSocket, 'ticket:updated', (u) => u.id === ticket.id && u.status === 'ASSIGNED');
    const agentSeesAssignment = next(agentSocket, 'ticket:updated', (u) => u.id === ticket.id);
    const assigned = await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    expect(assigned).toMatchObject({ status: 'ASSIGNED', agent: { id: agent.user.id, firstName: 'Ada', expertise: ['Electronics'] } });
    expect((await customerSeesAssignment).agent?.id).toBe(agent.user.id);
    expect((await agentSeesAssignment).status).toBe('ASSIGNED');

    // Both join the Address Column and talk live.
    const joinedC = await ack(customerSocket, 'ticket:join', { ticketId: ticket.id });
    expect(joinedC).toMatchObject({ ok: true, ticket: { id: ticket.id }, messages: [] });
    const joinedA = await ack(agentSocket, 'ticket:join', { ticketId: ticket.id, afterSeq: 0 });
    expect(joinedA.ok).toBe(true);

    const agentGets = next(agentSocket, 'message:new');
    const question = await ack(customerSocket, 'message:send', {
      ticketId: ticket.id,
      clientId: newClientId(),
      body: 'Can I swim with it?',
    });
    expect(question).toMatchObject({
      ok: true,
      message: { seq: 1, body: 'Can I swim with it?', sender: { id: customer.user.id, role: 'CUSTOMER' } },
    });
    expect((await agentGets).id).toBe(question.message.id);

    const customerGets = next(customerSocket, 'message:new', (m) => m.sender.id === agent.user.id);
    const answer = await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'Yes, down to 10 m.' });
    expect(answer).toMatchObject({ ok: true, message: { seq: 2 } });
    expect((await customerGets).body).toBe('Yes, down to 10 m.');

    // A resend with the same clientId is stored once and acks the first message.
    const clientId = newClientId();
    const first = await ack(customerSocket, 'message:send', { ticketId: ticket.id, clientId, body: 'Thanks!' });
    const again = await ack(customerSocket, 'message:send', { ticketId: ticket.id, clientId, body: 'Thanks!' });
    expect(again.message.id).toBe(first.message.id);
    const rest = await f.api.post(`/tickets/${ticket.id}/messages`, { clientId, body: 'Thanks!' }, customer.token).expect(200);
    expect(rest.body.id).toBe(first.message.id);

    // REST history: everything, once, in seq order.
    const history = await f.api.get(`/tickets/${ticket.id}/messages`, agent.token).expect(200);
    expect(history.body.items.map((m: MessageDto) => m.seq)).toEqual([1, 2, 3]);
    const missed = await f.api.get(`/tickets/${ticket.id}/messages?afterSeq=2`, customer.token).expect(200);
    expect(missed.body.items.map((m: MessageDto) => m.body)).toEqual(['Thanks!']);

    // Over REST too, and the other side hears it.
    const viaRest = next(customerSocket, 'message:new', (m) => m.body === 'Anything else?');
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Anything else?' }, agent.token).expect(201);
    expect((await viaRest).seq).toBe(4);

    // The customer closes: both sides hear it, and the chat ends on both channels.
    const agentSeesClose = next(agentSocket, 'ticket:updated', (u) => u.status === 'CLOSED');
    const closed = await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    expect((await agentSeesClose).id).toBe(ticket.id);
    await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200); // idempotent

    const refused = await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'One more thing' });
    expect(refused).toEqual({ ok: false, error: { code: ErrorCode.TICKET_CLOSED, message: expect.any(String) } });
    const refusedRest = await f.api
      .post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Hello?' }, customer.token)
      .expect(409);
    expect(refusedRest.body.error).toBe(ErrorCode.TICKET_CLOSED);

    // Rating, once.
    const rating = await f.api.post(`/tickets/${ticket.id}/rating`, { score: 5, comment: 'Clear answer' }, customer.token).expect(201);
    expect(rating.body).toEqual({ score: 5, comment: 'Clear answer' });
    await f.api.post(`/tickets/${ticket.id}/rating`, { score: 4 }, customer.token).expect(409);
    const final = await f.api.get(`/tickets/${ticket.id}`, customer.token).expect(200);
    expect(final.body).toMatchObject({ status: 'CLOSED', rating: { score: 5 }, firstResponseAt: expect.any(String) });
  });

  it('delivers a message to the customer on every connected device, once each', async () => {
    const customer = await f.api.registerCustomer();
    const agent = await f.api.createAgent(f.admin.token);
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);

    const phone = await f.online(customer.token);
    const laptop = await f.online(customer.token);
    const agentSocket = await f.online(agent.token);
    await ack(laptop, 'ticket:join', { ticketId: ticket.id });
    const onPhone = collect(phone, 'message:new');
    const onLaptop = collect(laptop, 'message:new');
    await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'Hello from support' });
    await sleep(300);
    expect(onPhone.map((m) => m.body)).toEqual(['Hello from support']);
    expect(onLaptop.map((m) => m.body)).toEqual(['Hello from support']);
  });

  it('keeps seq gap-free when socket and REST senders race', async () => {
    const customer = await f.api.registerCustomer();
    const agent = await f.api.createAgent(f.admin.token);
    const ticket: TicketDto = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    const cs = await f.online(customer.token);
    const as = await f.online(agent.token);
    const sends = [];
    for (let i = 0; i < 20; i++) {
      sends.push(ack(cs, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `c${i}` }));
      sends.push(ack(as, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `a${i}` }));
      sends.push(
        f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: `r${i}` }, customer.token).then((r) => r.body),
      );
    }
    await Promise.all(sends);
    const history = await f.api.get(`/tickets/${ticket.id}/messages?limit=200`, customer.token).expect(200);
    expect(history.body.items.map((m: MessageDto) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('refuses a socket without a valid token at the handshake', async () => {
    await expect(connect(f.t.url, undefined)).rejects.toMatchObject({ message: 'UNAUTHORIZED' });
    await expect(connect(f.t.url, 'not-a-token')).rejects.toMatchObject({ message: 'UNAUTHORIZED' });
  });
});
