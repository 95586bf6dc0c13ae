import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ErrorCode, TicketEventType, TicketStatus, type Stats, type TicketDto, type TicketEventDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { ack, collect, eventually, next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/** The ticket history, the customer's other tickets, live queue positions, wait estimates, day series and token refresh. */
describe('the live queue and the ticket history', () => {
  const f = useTestApp();

  it('estimates the wait from the pace of recent assignments, and says null until it can know', async () => {
    const customer = await f.api.registerCustomer();
    const waiting = await f.api.raiseTicket(customer.token, { category: 'Sports & Outdoors' });
    expect(waiting).toMatchObject({ status: 'OPEN', estimatedWaitSeconds: null });
    const agent = await f.api.createAgent(f.admin.token, { expertise: ['Sports & Outdoors'], maxConcurrent: 50 });
    for (let i = 0; i < 4; i++)
      await f.api.assign(f.admin.token, (await f.api.raiseTicket(customer.token, { category: 'Sports & Outdoors' })).id, agent.user.id);
    const later = (await f.api.get(`/tickets/${waiting.id}`, customer.token).expect(200)).body as TicketDto;
    // Four assignments within the hour, spread over at least ten minutes: 150 s per place in the queue.
    expect(later.queuePosition).toBe(waiting.queuePosition);
    expect(later.estimatedWaitSeconds).toBe(150 * later.queuePosition!);
    await f.api.post(`/tickets/${waiting.id}/close`, undefined, customer.token).expect(200);
  });

  it('records created, assigned (auto and manual, by whom), reassigned, closed and rated, and shows them oldest first', async () => {
    const customer = await f.api.registerCustomer({ firstName: 'Cleo' });
    const ann = await f.api.createAgent(f.admin.token, { firstName: 'Ann', expertise: ['Home & Kitchen'] });
    const bob = await f.api.createAgent(f.admin.token, { firstName: 'Bob', expertise: ['Home & Kitchen'] });
    await f.api.patch('/settings', { autoAssign: true }, f.admin.token).expect(200);
    await f.online(ann.token);
    await sleep(200);
    const ticket = await f.api.raiseTicket(customer.token, { category: 'Home & Kitchen' });
    await sleep(300);
    await f.api.assign(f.admin.token, ticket.id, bob.user.id);
    await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    await f.api.post(`/tickets/${ticket.id}/rating`, { score: 4, comment: 'Helpful' }, customer.token).expect(201);
    await f.api.patch('/settings', { autoAssign: false }, f.admin.token).expect(200);

    const res = await f.api.get(`/tickets/${ticket.id}/events`, f.admin.token).expect(200);
    const events = res.body as TicketEventDto[];
    expect(events.map((e) => e.type)).toEqual([
      TicketEventType.CREATED,
      TicketEventType.ASSIGNED,
      TicketEventType.REASSIGNED,
      TicketEventType.CLOSED,
      TicketEventType.RATED,
    ]);
    expect(events[0]).toMatchObject({ actor: { firstName: 'Cleo', role: 'CUSTOMER' }, data: { category: 'Home & Kitchen' } });
    expect(events[1]).toMatchObject({ actor: null, data: { mode: 'auto', agentId: ann.user.id, agentName: 'Ann' } });
    expect(events[2]).toMatchObject({
      // Admins get full names, to tell colleagues apart.
      actor: { role: 'ADMIN', firstName: 'Admin', lastName: 'User' },
      data: { mode: 'manual', agentId: bob.user.id, agentName: 'Bob', previousAgentId: ann.user.id, previousAgentName: 'Ann' },
    });
    expect(events[3]).toMatchObject({ actor: { firstName: 'Cleo' }, data: { by: 'CUSTOMER' } });
    expect(events[4]).toMatchObject({ data: { score: 4 } });
    // The customer's answer names the admin by first name only.
    const seenByCustomer = (await f.api.get(`/tickets/${ticket.id}/events`, customer.token).expect(200)).body as TicketEventDto[];
    expect(seenByCustomer[2].actor).toEqual({ id: events[2].actor!.id, firstName: 'Admin', role: 'ADMIN' });
    const times = events.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Its people may read it too; nobody else learns the ticket exists.
    await f.api.get(`/tickets/${ticket.id}/events`, customer.token).expect(200);
    const stranger = await f.api.registerCustomer();
    const denied = await f.api.get(`/tickets/${ticket.id}/events`, stranger.token).expect(404);
    expect(denied.body.error).toBe(ErrorCode.NOT_FOUND);
    await f.api.get(`/tickets/${ticket.id}/events`, ann.token).expect(404); // no longer Ann's ticket

    // The agents' averages show to admins.
    const agents = (await f.api.get('/agents', f.admin.token).expect(200)).body.items as {
      id: string;
      ratingAverage: number | null;
      ratingCount: number;
    }[];
    expect(agents.find((a) => a.id === bob.user.id)).toMatchObject({ ratingAverage: 4, ratingCount: 1 });
    expect(agents.find((a) => a.id === ann.user.id)).toMatchObject({ ratingAverage: null, ratingCount: 0 });
  });

  it("shows the agent the customer's other tickets, newest first, and nobody else's", async () => {
    const customer = await f.api.registerCustomer();
    const other = await f.api.registerCustomer();
    const agent = await f.api.createAgent(f.admin.token);
    const first = await f.api.raiseTicket(customer.token, { subject: 'First question' });
    const second = await f.api.raiseTicket(customer.token, { subject: 'Second question' });
    const current = await f.api.raiseTicket(customer.token, { subject: 'Current question' });
    await f.api.raiseTicket(other.token, { subject: 'Not this customer' });
    await f.api.assign(f.admin.token, current.id, agent.user.id);

    const res = await f.api.get(`/tickets/${current.id}/customer-tickets`, agent.token).expect(200);
    expect((res.body as TicketDto[]).map((x) => x.id)).toEqual([second.id, first.id]);
    await f.api.get(`/tickets/${current.id}/customer-tickets`, customer.token).expect(200);
    await f.api.get(`/tickets/${current.id}/customer-tickets`, other.token).expect(404);
    // An agent who does not hold the ticket cannot use it to look the customer up.
    const outsider = await f.api.createAgent(f.admin.token);
    await f.api.get(`/tickets/${current.id}/customer-tickets`, outsider.token).expect(404);
  });

  it('pushes each waiting customer their new place in the queue when a ticket ahead leaves it', async () => {
    const customers = await Promise.all([0, 1, 2].map(() => f.api.registerCustomer()));
    const agent = await f.api.createAgent(f.admin.token, { expertise: ['Beauty & Health'] });
    const tickets: TicketDto[] = [];
    for (const c of customers) tickets.push(await f.api.raiseTicket(c.token, { category: 'Beauty & Health' }));
    const [p1, p2, p3] = tickets.map((x) => x.queuePosition!);
    expect([p2 - p1, p3 - p2]).toEqual([1, 1]);

    const second = await f.online(customers[1].token);
    const third = await f.online(customers[2].token);
    const heardBySecond = collect(second, 'ticket:updated');
    const heardByThird = collect(third, 'ticket:updated');
    const moved = next(third, 'ticket:updated', (x) => x.id === tickets[2].id);
    await f.api.assign(f.admin.token, tickets[0].id, agent.user.id);
    expect(await moved).toMatchObject({ id: tickets[2].id, status: TicketStatus.OPEN, queuePosition: p3 - 1 });
    await sleep(300);
    expect(heardBySecond.filter((x) => x.id === tickets[1].id).map((x) => x.queuePosition)).toEqual([p2 - 1]);
    // Customers hear only about their own tickets.
    expect(heardByThird.every((x) => x.customer.id === customers[2].user.id)).toBe(true);

    // Closing a waiting ticket moves the ones behind it too.
    const movedAgain = next(third, 'ticket:updated', (x) => x.id === tickets[2].id);
    await f.api.post(`/tickets/${tickets[1].id}/close`, undefined, customers[1].token).expect(200);
    expect(await movedAgain).toMatchObject({ queuePosition: p3 - 2 });
    await f.api.post(`/tickets/${tickets[2].id}/close`, undefined, customers[2].token).expect(200);
  });

  it('lets an admin return a ticket to the queue: the agent loses it at once, the customer waits in line again', async () => {
    const customer = await f.api.registerCustomer({ firstName: 'Nia' });
    const ann = await f.api.createAgent(f.admin.token, { firstName: 'Ann', expertise: ['Fashion'] });
    const ticket = await f.api.raiseTicket(customer.token, { category: 'Fashion' });
    await f.api.assign(f.admin.token, ticket.id, ann.user.id);
    const before = (await f.api.get('/agents', f.admin.token).expect(200)).body.items.find((a: { id: string }) => a.id === ann.user.id);
    const annSocket = await f.online(ann.token);
    const niaSocket = await f.online(customer.token);
    for (const s of [annSocket, niaSocket]) expect(await ack(s, 'ticket:join', { ticketId: ticket.id })).toMatchObject({ ok: true });
    const annHears = next(annSocket, 'ticket:updated', (x) => x.id === ticket.id);
    const niaHears = next(niaSocket, 'ticket:updated', (x) => x.id === ticket.id);

    const res = await f.api.post(`/tickets/${ticket.id}/unassign`, undefined, f.admin.token).expect(200);
    expect(res.body).toMatchObject({ status: TicketStatus.OPEN, agent: null, queuePosition: expect.any(Number) });
    expect(await niaHears).toMatchObject({ status: TicketStatus.OPEN, agent: null, queuePosition: res.body.queuePosition });
    expect(await annHears).toMatchObject({ agent: null });
    // Ann can neither read nor write there any more, and her load is one lighter.
    await f.api.get(`/tickets/${ticket.id}/messages`, ann.token).expect(404);
    expect(await ack(annSocket, 'message:send', { ticketId: ticket.id, clientId: randomUUID(), body: 'still here?' })).toMatchObject({
      ok: false,
    });
    const after = (await f.api.get('/agents', f.admin.token).expect(200)).body.items.find((a: { id: string }) => a.id === ann.user.id);
    expect(after.openTickets).toBe(before.openTickets - 1);
    // The history says who returned it, from whom.
    const events = (await f.api.get(`/tickets/${ticket.id}/events`, f.admin.token).expect(200)).body as TicketEventDto[];
    expect(events.at(-1)).toMatchObject({
      type: TicketEventType.REASSIGNED,
      actor: { role: 'ADMIN' },
      data: { agentId: null, previousAgentId: ann.user.id, previousAgentName: 'Ann', mode: 'manual' },
    });

    // Again: nothing to take, nothing changes. Closed: refused. Only admins may.
    expect((await f.api.post(`/tickets/${ticket.id}/unassign`, undefined, f.admin.token).expect(200)).body).toMatchObject({ agent: null });
    expect((await f.api.get(`/tickets/${ticket.id}/events`, f.admin.token).expect(200)).body).toHaveLength(events.length);
    await f.api.post(`/tickets/${ticket.id}/unassign`, undefined, customer.token).expect(403);
    await f.api.post(`/tickets/${ticket.id}/unassign`, undefined, ann.token).expect(403);
    await f.api.post(`/tickets/${randomUUID()}/unassign`, undefined, f.admin.token).expect(404);
    await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    const refused = await f.api.post(`/tickets/${ticket.id}/unassign`, undefined, f.admin.token).expect(409);
    expect(refused.body.error).toBe(ErrorCode.CONFLICT);
  });

  it('never auto-assigns a returned ticket back to the agent an admin took it from; it waits for someone else', async () => {
    const customer = await f.api.registerCustomer();
    const ada = await f.api.createAgent(f.admin.token, { firstName: 'Ada', expertise: ['Garden'] });
    const grace = await f.api.createAgent(f.admin.token, { firstName: 'Grace', expertise: ['Garden'], maxConcurrent: 1 });
    await f.online(ada.token);
    const categories = (await f.api.get('/categories', f.admin.token).expect(200)).body.items as string[];
    await f.api.put('/categories', { items: [...categories, 'Garden'] }, f.admin.token).expect(200);
    await f.api.patch('/settings', { autoAssign: true }, f.admin.token).expect(200);
    try {
      const agentOf = async (id: string) => ((await f.api.get(`/tickets/${id}`, f.admin.token).expect(200)).body as TicketDto).agent?.id;
      /** Auto-assignment runs after the HTTP answer: the agent the ticket ends up with, given the time to. */
      const agentBecomes = (id: string, agentId: string) =>
        eventually(
          () => agentOf(id),
          (a) => a === agentId,
        );
      const first = await f.api.raiseTicket(customer.token, { category: 'Garden' });
      expect(await agentBecomes(first.id, ada.user.id)).toBe(ada.user.id);

      // Returned while Ada is the only one online, with room: it stays in the queue.
      await f.api.post(`/tickets/${first.id}/unassign`, undefined, f.admin.token).expect(200);
      await sleep(500);
      expect(await agentOf(first.id)).toBeUndefined();
      // A new Garden ticket still goes to Ada: only the returned one is kept from her.
      const second = await f.api.raiseTicket(customer.token, { category: 'Garden' });
      expect(await agentBecomes(second.id, ada.user.id)).toBe(ada.user.id);
      expect(await agentOf(first.id)).toBeUndefined();

      // Grace comes online: the returned ticket goes to her. Passed on by hand to Ada later, it is Ada's:
      // an admin may, the policy may not.
      await f.online(grace.token);
      expect(await agentBecomes(first.id, grace.user.id)).toBe(grace.user.id);
      await f.api.assign(f.admin.token, first.id, ada.user.id);
      expect(await agentOf(first.id)).toBe(ada.user.id);
      await f.api.post(`/tickets/${first.id}/close`, undefined, customer.token).expect(200);
      await f.api.post(`/tickets/${second.id}/close`, undefined, customer.token).expect(200);
    } finally {
      await f.api.patch('/settings', { autoAssign: false }, f.admin.token).expect(200);
      await f.api.put('/categories', { items: categories }, f.admin.token).expect(200);
    }
  });

  it('searches subjects literally on MySQL: wildcards, quotes and backslashes are plain text', async () => {
    const customer = await f.api.registerCustomer();
    const odd = await f.api.raiseTicket(customer.token, { subject: `100% cotton_shirt? it's "new" \\ !sale` });
    const plain = await f.api.raiseTicket(customer.token, { subject: '1000 cottonXshirt' });
    const search = async (q: string) =>
      ((await f.api.get(`/tickets?q=${encodeURIComponent(q)}`, f.admin.token).expect(200)).body.items as TicketDto[]).map((x) => x.id);
    expect(await search('100% cotton_')).toEqual([odd.id]);
    expect(await search(`it's "new" \\ !sale`)).toEqual([odd.id]);
    expect(await search('cottonXshirt')).toEqual([plain.id]);
    expect(await search(`#${plain.number}`)).toContain(plain.id);
    await f.api.post(`/tickets/${odd.id}/close`, undefined, customer.token).expect(200);
    await f.api.post(`/tickets/${plain.id}/close`, undefined, customer.token).expect(200);
  });

  it('gives the admin per-day series for the charts: 14 days, oldest first, today counted', async () => {
    const stats = (await f.api.get('/stats', f.admin.token).expect(200)).body as Stats;
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.ticketsPerDay).toHaveLength(14);
    expect(stats.firstResponsePerDay).toHaveLength(14);
    expect(stats.ticketsPerDay[13].date).toBe(today);
    const dates = stats.ticketsPerDay.map((d) => d.date);
    expect([...dates].sort()).toEqual(dates);
    expect(stats.ticketsPerDay[13].created).toBeGreaterThanOrEqual(8);
    expect(stats.ticketsPerDay[13].closed).toBeGreaterThanOrEqual(3);
    expect(stats.ticketsPerDay.slice(0, 13).every((d) => d.created === 0 && d.closed === 0)).toBe(true);
    expect(stats.agents.every((a) => 'ratingAverage' in a && typeof a.ratingCount === 'number')).toBe(true);
  });
});

describe('token refresh', () => {
  const f = useTestApp({ env: { JWT_TTL_SECONDS: '6' }, signInAdmin: false });

  it('refreshes a valid session, hands the socket the new token, and refuses sessions past their maximum age', async () => {
    const customer = await f.api.registerCustomer();
    const socket = await f.online(customer.token);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await sleep(3000);
    const res = await f.api.post('/auth/refresh', undefined, customer.token).expect(200);
    expect(res.body.user).toMatchObject({ id: customer.user.id, role: 'CUSTOMER' });
    const refreshed = res.body.accessToken as string;
    expect(refreshed).not.toBe(customer.token);
    const answer = await ack(socket, 'auth:refresh', { token: refreshed });
    expect(answer).toMatchObject({ ok: true });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now() + 4000);
    // Past the first token's lifetime (6 s), the socket still works and the new token still signs requests.
    await sleep(4500);
    expect(socket.connected).toBe(true);
    expect(await ack(socket, 'ticket:join', { ticketId: (await f.api.raiseTicket(refreshed)).id })).toMatchObject({ ok: true });
    await f.api.get('/auth/me', customer.token).expect(401);
    await f.api.get('/auth/me', refreshed).expect(200);

    // Another user's token cannot take over the socket.
    const other = await f.api.registerCustomer();
    expect(await ack(socket, 'auth:refresh', { token: other.token })).toMatchObject({ ok: false, error: { code: ErrorCode.UNAUTHORIZED } });

    // A sign-in older than SESSION_MAX_AGE_SECONDS (7 days by default) cannot be stretched further.
    const old = jwt.sign(
      { sub: customer.user.id, role: 'CUSTOMER', tv: 0, at: Math.floor(Date.now() / 1000) - 8 * 86_400 },
      f.t.config.jwtSecret,
      {
        algorithm: 'HS256',
        expiresIn: 60,
      },
    );
    await f.api.get('/auth/me', old).expect(200);
    const tooOld = await f.api.post('/auth/refresh', undefined, old).expect(401);
    expect(tooOld.body.error).toBe(ErrorCode.UNAUTHORIZED);

    // Without a refresh the socket is closed when its token runs out.
    const plain = await f.online((await f.api.registerCustomer()).token);
    const closed = new Promise<string>((resolve) => plain.once('disconnect', resolve));
    expect(await closed).toBe('io server disconnect');
    socket.close();
    await Promise.race([disconnected, sleep(100)]);
  });
});
