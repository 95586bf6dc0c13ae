import type { AgentDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { collect, next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * Admins' open pages learn at once when an agent is created, edited, deactivated or activated by
 * another admin or tab: `agent:updated` carries the agent as `GET /api/agents` lists it, after the
 * change took full effect (a deactivated agent's chats already back in the queue). Agents and
 * customers hear none of it.
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
});
