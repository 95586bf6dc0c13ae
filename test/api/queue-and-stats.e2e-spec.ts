import { ErrorCode } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { newClientId } from '../helpers/api';
import { sleep } from '../helpers/socket';

/** Auto-assignment, the queue, the ticket quota, ratings and the admin's stats, through the API. */
describe('queue, quota and stats', () => {
  const f = useTestApp();

  it('auto-assigns to online experts within capacity and queues the rest oldest first', async () => {
    await f.api.patch('/settings', { autoAssign: true }, f.admin.token).expect(200);
    const agent = await f.api.createAgent(f.admin.token, { expertise: ['Fashion'], maxConcurrent: 2 });
    const customer = await f.api.registerCustomer();
    // Offline agents take nothing.
    const waiting = await f.api.raiseTicket(customer.token, { category: 'Fashion' });
    expect(waiting).toMatchObject({ status: 'OPEN', queuePosition: 1 });
    // Coming online takes the waiting ticket.
    await f.online(agent.token);
    await sleep(300);
    expect((await f.api.get(`/tickets/${waiting.id}`, customer.token)).body).toMatchObject({
      status: 'ASSIGNED',
      agent: { id: agent.user.id },
    });
    const second = await f.api.raiseTicket(customer.token, { category: 'Fashion' });
    expect(second.status).toBe('ASSIGNED');
    const third = await f.api.raiseTicket(customer.token, { category: 'Fashion' });
    const fourth = await f.api.raiseTicket(customer.token, { category: 'Fashion' });
    expect(third).toMatchObject({ status: 'OPEN', queuePosition: 1 });
    expect(fourth).toMatchObject({ status: 'OPEN', queuePosition: 2 });
    // Other categories are not this agent's.
    expect((await f.api.raiseTicket(customer.token, { category: 'Electronics' })).status).toBe('OPEN');
    // Closing frees a slot: the oldest waiting ticket goes next.
    await f.api.post(`/tickets/${waiting.id}/close`, undefined, customer.token).expect(200);
    await sleep(200);
    expect((await f.api.get(`/tickets/${third.id}`, customer.token)).body.status).toBe('ASSIGNED');
    expect((await f.api.get(`/tickets/${fourth.id}`, customer.token)).body).toMatchObject({ status: 'OPEN', queuePosition: 1 });
    const agents = await f.api.get('/agents', f.admin.token).expect(200);
    expect(agents.body.items.find((a: { id: string }) => a.id === agent.user.id)).toMatchObject({ openTickets: 2, online: true });
    await f.api.patch('/settings', { autoAssign: false }, f.admin.token).expect(200);
  });

  it('enforces the ticket quota with 429 RATE_LIMITED saying when the next ticket can be raised', async () => {
    await f.api.patch('/settings', { ticketQuota: { count: 2, days: 1 } }, f.admin.token).expect(200);
    const customer = await f.api.registerCustomer();
    const quota = async () => (await f.api.get('/tickets/quota', customer.token).expect(200)).body;
    expect(await quota()).toEqual({ quota: { count: 2, days: 1 }, used: 0, remaining: 2, nextAllowedAt: null });
    const first = await f.api.raiseTicket(customer.token);
    expect(await quota()).toMatchObject({ used: 1, remaining: 1, nextAllowedAt: null });
    await f.api.raiseTicket(customer.token);
    // The form can say so before the customer writes a third: the first ticket leaves the window a day after it was raised.
    const full = await quota();
    expect(full).toMatchObject({ used: 2, remaining: 0 });
    expect(Date.parse(full.nextAllowedAt) - Date.parse(first.createdAt)).toBe(86_400_000);
    const res = await f.api.post('/tickets', { subject: 's', category: 'Electronics', description: 'd' }, customer.token).expect(429);
    expect(res.body.error).toBe(ErrorCode.RATE_LIMITED);
    expect(res.body.message).toContain(`next ticket can be raised after ${full.nextAllowedAt}`);
    await f.api.patch('/settings', { ticketQuota: null }, f.admin.token).expect(200);
    expect(await quota()).toEqual({ quota: null, used: null, remaining: null, nextAllowedAt: null });
    await f.api.raiseTicket(customer.token);
    // Only customers raise tickets, so only they have a quota to ask about.
    await f.api.get('/tickets/quota', f.admin.token).expect(403);
    const agent = await f.api.createAgent(f.admin.token);
    await f.api.get('/tickets/quota', agent.token).expect(403);
    await f.api.get('/tickets/quota').expect(401);
  });

  it('reports counts, waits, response times, CSAT and agent load to admins', async () => {
    const customer = await f.api.registerCustomer();
    const agent = await f.api.createAgent(f.admin.token);
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'Here is the answer' }, agent.token).expect(201);
    await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    await f.api.post(`/tickets/${ticket.id}/rating`, { score: 4, comment: 'ok' }, customer.token).expect(201);
    const stats = await f.api.get('/stats', f.admin.token).expect(200);
    expect(stats.body).toMatchObject({
      open: expect.any(Number),
      assigned: expect.any(Number),
      closedToday: expect.any(Number),
      longestWaitSeconds: expect.any(Number),
      medianFirstResponseSeconds: expect.any(Number),
      medianResolutionSeconds: expect.any(Number),
      csatAverage: 4,
    });
    expect(stats.body.closedToday).toBeGreaterThanOrEqual(2);
    expect(stats.body.agents.find((a: { id: string }) => a.id === agent.user.id)).toMatchObject({
      openTickets: 0,
      online: false,
      away: false,
      maxConcurrent: 3,
    });
    // An agent who steps away shows so at once (the cached figures are dropped).
    await f.api.patch('/agents/me', { away: true }, agent.token).expect(200);
    const later = await f.api.get('/stats', f.admin.token).expect(200);
    expect(later.body.agents.find((a: { id: string }) => a.id === agent.user.id)).toMatchObject({ away: true });
    await f.api.get('/stats', customer.token).expect(403);
  });

  it('every item of a ticket list is the same ticket GET /tickets/:id answers, for each role (queue, unread, rating, agent)', async () => {
    const agent = await f.api.createAgent(f.admin.token, { expertise: ['Electronics'] });
    await f.online(agent.token);
    const customer = await f.api.registerCustomer();
    const waiting = await f.api.raiseTicket(customer.token, { category: 'Electronics' });
    const chatting = await f.api.raiseTicket(customer.token, { category: 'Electronics' });
    const rated = await f.api.raiseTicket(customer.token, { category: 'Electronics' });
    for (const t of [chatting, rated]) await f.api.assign(f.admin.token, t.id, agent.user.id);
    await f.api.post(`/tickets/${chatting.id}/messages`, { clientId: newClientId(), body: 'a question' }, customer.token).expect(201);
    await f.api.post(`/tickets/${chatting.id}/messages`, { clientId: newClientId(), body: 'an answer' }, agent.token).expect(201);
    await f.api.post(`/tickets/${rated.id}/close`, undefined, customer.token).expect(200);
    await f.api.post(`/tickets/${rated.id}/rating`, { score: 5, comment: 'thanks' }, customer.token).expect(201);
    for (const who of [customer, agent, f.admin]) {
      const items = (await f.api.get('/tickets?limit=100', who.token).expect(200)).body.items as { id: string; lastMessage?: unknown }[];
      const ours = items.filter((x) => [waiting.id, chatting.id, rated.id].includes(x.id));
      expect(ours.map((x) => x.id)).toEqual(who === agent ? [rated.id, chatting.id] : [rated.id, chatting.id, waiting.id]);
      for (const { lastMessage, ...item } of ours) {
        expect(item).toEqual((await f.api.get(`/tickets/${item.id}`, who.token).expect(200)).body);
        // Only the conversation lists of customers and agents add the last message (test/api/last-message.e2e-spec.ts).
        if (who === f.admin) expect(lastMessage).toBeUndefined();
        else expect(lastMessage).toEqual(item.id === chatting.id ? expect.objectContaining({ seq: 2, body: 'an answer' }) : null);
      }
    }
    const mine = (await f.api.get('/tickets?limit=100', customer.token).expect(200)).body.items as Record<string, any>[];
    expect(mine.find((x) => x.id === chatting.id)).toMatchObject({ unread: 1, lastSeq: 2, agent: { id: agent.user.id, online: true } });
    expect(mine.find((x) => x.id === rated.id)).toMatchObject({ status: 'CLOSED', rating: { score: 5, comment: 'thanks' } });
    expect(mine.find((x) => x.id === waiting.id)).toMatchObject({ status: 'OPEN', queuePosition: expect.any(Number) });
  });
});
