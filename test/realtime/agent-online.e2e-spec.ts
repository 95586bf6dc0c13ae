import type { AgentOnlineEvent, PresenceEvent } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { collect, next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * A customer sees whether their agent is online, live: `agent:online` goes to the customers whose open
 * tickets the agent holds, with `{agentId, online}` and nothing more. Nobody else hears it, no customer
 * gets the admins' `agent:presence` (which carries the agent's load), and a customer learns nothing about
 * agents who are not on their open tickets.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('agent:online, on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });

  it('tells a customer when their agent comes online and goes offline, and tells nobody else anything', async () => {
    const { api, admin } = f;
    const ada = await api.createAgent(admin.token, { firstName: 'Ada' });
    const bo = await api.createAgent(admin.token, { firstName: 'Bo' });
    // Carla's chat is with Ada; Dan's with Bo; Erin waits in the queue; Fay's chat with Ada is closed.
    const [carla, dan, erin, fay] = await Promise.all(
      ['Carla', 'Dan', 'Erin', 'Fay'].map((firstName) => api.registerCustomer({ firstName })),
    );
    await api.assign(admin.token, (await api.raiseTicket(carla.token)).id, ada.user.id);
    await api.assign(admin.token, (await api.raiseTicket(dan.token)).id, bo.user.id);
    await api.raiseTicket(erin.token);
    const closed = await api.raiseTicket(fay.token);
    await api.assign(admin.token, closed.id, ada.user.id);
    await api.post(`/tickets/${closed.id}/close`, undefined, fay.token).expect(200);

    const sockets = {
      carla: await f.online(carla.token),
      dan: await f.online(dan.token),
      erin: await f.online(erin.token),
      fay: await f.online(fay.token),
      admin: await f.online(admin.token),
    };
    const heard = Object.fromEntries(Object.entries(sockets).map(([who, s]) => [who, collect(s, 'agent:online')])) as Record<
      keyof typeof sockets,
      AgentOnlineEvent[]
    >;
    const loads = Object.fromEntries(Object.entries(sockets).map(([who, s]) => [who, collect(s, 'agent:presence')])) as Record<
      keyof typeof sockets,
      PresenceEvent[]
    >;

    // Ada comes online: Carla is told exactly that; the admins get the load as before.
    const adminSeesAda = next(sockets.admin, 'agent:presence', (e) => e.agentId === ada.user.id && e.online);
    const adaSocket = await f.online(ada.token);
    await expect(next(sockets.carla, 'agent:online')).resolves.toEqual({ agentId: ada.user.id, online: true });
    await expect(adminSeesAda).resolves.toMatchObject({ agentId: ada.user.id, online: true, openTickets: 1 });

    // Ada goes offline: Carla again, with nothing else in it.
    const carlaSeesAdaLeave = next(sockets.carla, 'agent:online', (e) => !e.online);
    adaSocket.disconnect();
    await expect(carlaSeesAdaLeave).resolves.toEqual({ agentId: ada.user.id, online: false });

    // Bo comes online: Dan is told, Carla is not.
    const danSeesBo = next(sockets.dan, 'agent:online');
    await f.online(bo.token);
    await expect(danSeesBo).resolves.toEqual({ agentId: bo.user.id, online: true });
    await sleep(300);

    expect(heard.carla).toEqual([
      { agentId: ada.user.id, online: true },
      { agentId: ada.user.id, online: false },
    ]);
    expect(heard.dan).toEqual([{ agentId: bo.user.id, online: true }]);
    // The waiting customer and the one whose chat with Ada is closed hear nothing; nor does the admin (who has agent:presence).
    expect(heard.erin).toEqual([]);
    expect(heard.fay).toEqual([]);
    expect(heard.admin).toEqual([]);
    // No customer ever gets the admins' event with the agent's load.
    for (const who of ['carla', 'dan', 'erin', 'fay'] as const) expect(loads[who]).toEqual([]);
    expect(loads.admin).toContainEqual(expect.objectContaining({ agentId: bo.user.id, online: true }));
  });
});
