import { ErrorCode } from '@ccr/shared';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId, type Session } from '../helpers/api';
import { ack, connect, type ChatClient } from '../helpers/socket';

/** Nobody ever sees a ticket that is not theirs: every route and event answers NOT_FOUND, so ids cannot be probed. */
describe('ticket visibility', () => {
  let t: TestApp;
  let api: Api;
  let admin: Session;
  let owner: Session;
  let stranger: Session;
  let otherAgent: Session;
  let ticketId: string;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    t = await startApp();
    api = new Api(t.url);
    admin = await api.login(t.admin.email, t.admin.password);
    owner = await api.registerCustomer({ firstName: 'Olivia' });
    stranger = await api.registerCustomer({ firstName: 'Mallory' });
    const agent = await api.createAgent(admin.token);
    otherAgent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(owner.token, { subject: 'Private question' });
    ticketId = ticket.id;
    await api.assign(admin.token, ticketId, agent.user.id);
    await api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: 'secret detail' }, owner.token).expect(201);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t?.close();
  });

  const intruders = () => [
    ['another customer', stranger],
    ['an agent not assigned to it', otherAgent],
  ] as const;

  it.each(['another customer', 'an agent not assigned to it'])('%s gets 404 NOT_FOUND on every ticket route', async (who) => {
    const intruder = intruders().find(([name]) => name === who)![1];
    const attempts = [
      api.get(`/tickets/${ticketId}`, intruder.token),
      api.get(`/tickets/${ticketId}/messages`, intruder.token),
      api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: 'hi' }, intruder.token),
      api.post(`/tickets/${ticketId}/close`, undefined, intruder.token),
      api.post(`/tickets/${ticketId}/rating`, { score: 1 }, intruder.token),
    ];
    for (const res of await Promise.all(attempts)) {
      // Role checks may refuse first (403) for routes the role never has; a visible-ticket route must never leak.
      if (res.status === 403) {
        expect(res.body.error).toBe(ErrorCode.FORBIDDEN);
        continue;
      }
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: ErrorCode.NOT_FOUND, message: expect.any(String), requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain('Private question');
    }
    const list = await api.get('/tickets', intruder.token).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(ticketId);
  });

  it.each(['another customer', 'an agent not assigned to it'])('%s gets NOT_FOUND on every socket event and hears nothing', async (who) => {
    const intruder = intruders().find(([name]) => name === who)![1];
    const socket = await connect(t.url, intruder.token);
    sockets.push(socket);
    const heard: unknown[] = [];
    socket.onAny((event, payload) => heard.push([event, payload]));
    for (const [event, payload] of [
      ['ticket:join', { ticketId }],
      ['message:send', { ticketId, clientId: newClientId(), body: 'let me in' }],
      ['typing', { ticketId, typing: true }],
      ['message:read', { ticketId, seq: 1 }],
    ] as const) {
      const answer = await ack(socket, event, payload);
      expect(answer).toEqual({ ok: false, error: { code: ErrorCode.NOT_FOUND, message: expect.any(String) } });
    }
    // The owner keeps talking; the intruder's socket receives none of it.
    await api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: 'more secrets' }, owner.token).expect(201);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([]);
  });

  it('a random ticket id is the same 404 as a foreign one', async () => {
    const res = await api.get(`/tickets/00000000-0000-4000-8000-000000000000`, stranger.token).expect(404);
    expect(res.body.error).toBe(ErrorCode.NOT_FOUND);
  });

  it('only the owner and the admin see the ticket in their lists', async () => {
    const mine = await api.get('/tickets', owner.token).expect(200);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([ticketId]);
    const all = await api.get('/tickets', admin.token).expect(200);
    expect(all.body.items.map((x: { id: string }) => x.id)).toContain(ticketId);
  });
});
