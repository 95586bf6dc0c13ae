import { TicketStatus, type AgentDto, type TicketDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { collect, eventually, next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * Admins' open pages learn at once when an agent is created, edited, deactivated or activated by
 * another admin or tab: `agent:updated` carries the agent as `GET /api/agents` lists it, after the
 * change took full effect (a deactivated agent's chats already back in the queue). The agent
 * hears of their own changes; other agents and customers hear none of it. An agent who says they
 * are away gets no new tickets from auto-assignment until they are back.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('agent:updated, on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });

  it('tells every admin of a created, edited, deactivated and activated agent, and nobody else', async () => {
    const { api, admin } = f;
    const colleague = await api.createAgent(admin.token, { firstName: 'Cole' });
    const customer = await api.registerCustomer({ firstName: 'Carla' });
    const adminSocket = await f.online(admin.token);
    const others = [await f.online(colleague.token), await f.online(customer.token)];
    const overheard = others.map((s) => collect(s, 'agent:updated'));

    // Created: the admin's pages get the new agent, with its expertise and capacity.
    const created = next(adminSocket, 'agent:updated', (a) => a.firstName === 'Nia');
    const nia = await api.createAgent(admin.token, { firstName: 'Nia', expertise: ['Electronics'], maxConcurrent: 4 });
    await expect(created).resolves.toMatchObject({ id: nia.user.id, active: true, expertise: ['Electronics'], maxConcurrent: 4 });

    // Deactivated while holding a chat: the event comes after the chat went back to the queue.
    await api.assign(admin.token, (await api.raiseTicket(customer.token)).id, nia.user.id);
    const deactivated = next(adminSocket, 'agent:updated', (a) => a.id === nia.user.id && !a.active);
    await api.patch(`/agents/${nia.user.id}`, { active: false }, admin.token).expect(200);
    await expect(deactivated).resolves.toMatchObject({ active: false, openTickets: 0, online: false });

    // Edited and activated again.
    const edited = next(adminSocket, 'agent:updated', (a) => a.id === nia.user.id && a.active);
    await api.patch(`/agents/${nia.user.id}`, { active: true, maxConcurrent: 6 }, admin.token).expect(200);
    const after: AgentDto = await edited;
    expect(after).toMatchObject({ active: true, maxConcurrent: 6 });
    // The same agent as the list shows it.
    const listed = (await api.get('/agents', admin.token).expect(200)).body as { items: AgentDto[] };
    expect(listed.items.find((a) => a.id === nia.user.id)).toEqual(after);

    // A refused change tells nobody anything.
    await api.patch(`/agents/${nia.user.id}`, { maxConcurrent: 0 }, admin.token).expect(400);
    await sleep(300);
    expect(overheard).toEqual([[], []]);
  });

  it('an agent away gets no new tickets from auto-assignment, and the waiting one once back; their tabs and the admins hear it', async () => {
    const { api, admin } = f;
    // The only expert in Fashion (the agents of the test before know Electronics).
    const ava = await api.createAgent(admin.token, { firstName: 'Ava', expertise: ['Fashion'] });
    const customer = await api.registerCustomer();
    const [adminSocket, avaSocket, customerSocket] = [
      await f.online(admin.token),
      await f.online(ava.token),
      await f.online(customer.token),
    ];
    const customerHeard = collect(customerSocket, 'agent:updated');
    await api.patch('/settings', { autoAssign: true }, admin.token).expect(200);
    try {
      // Away: said back to the agent's own tabs and to the admins.
      const adminHears = next(adminSocket, 'agent:updated', (a) => a.id === ava.user.id && a.away);
      const avaHears = next(avaSocket, 'agent:updated', (a) => a.id === ava.user.id && a.away);
      const away = await api.patch('/agents/me', { away: true }, ava.token).expect(200);
      expect(away.body).toMatchObject({ id: ava.user.id, away: true, online: true, active: true });
      await Promise.all([adminHears, avaHears]);
      // Said twice, it is still simply so.
      expect((await api.patch('/agents/me', { away: true }, ava.token).expect(200)).body).toMatchObject({ away: true });
      const me = await api.get('/auth/me', ava.token).expect(200);
      expect(me.body).toMatchObject({ away: true });

      // A ticket in her category waits: she is the only one who could take it.
      const ticket = await api.raiseTicket(customer.token, { category: 'Fashion' });
      await sleep(500);
      const waiting = (await api.get(`/tickets/${ticket.id}`, admin.token).expect(200)).body as TicketDto;
      expect(waiting).toMatchObject({ status: TicketStatus.OPEN, agent: null });

      // Bad input changes nothing; only an agent can say it, of themselves.
      await api.patch('/agents/me', { away: 'yes' }, ava.token).expect(400);
      await api.patch('/agents/me', {}, ava.token).expect(400);
      await api.patch('/agents/me', { away: false }, customer.token).expect(403);
      await api.patch('/agents/me', { away: false }, admin.token).expect(403);

      // Back: the waiting ticket is hers at once.
      await api.patch('/agents/me', { away: false }, ava.token).expect(200);
      const assigned = await eventually(
        async () => (await api.get(`/tickets/${ticket.id}`, admin.token).expect(200)).body as TicketDto,
        (t) => t.status === TicketStatus.ASSIGNED,
        5_000,
      );
      expect(assigned.agent?.id).toBe(ava.user.id);
      expect(customerHeard).toEqual([]);
    } finally {
      await api.patch('/settings', { autoAssign: false }, admin.token).expect(200);
    }
  });
});
