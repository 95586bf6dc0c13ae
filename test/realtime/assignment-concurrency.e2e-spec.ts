import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TicketStatus, type AgentDto, type Page, type TicketDto } from '@ccr/shared';
import { createTestDatabase, mysqlConnection } from '../helpers/app';
import { Api, type Session } from '../helpers/api';
import { connect, eventually, sleep, type ChatClient } from '../helpers/socket';
import { serverEnv, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { dropRedisKeys } from '../helpers/redis';

jest.setTimeout(120_000);

const CATEGORY = 'Electronics';

/**
 * Auto-assignment under load, as CONTRACT.md states it: 50 tickets raised at once with 5 online agents of
 * capacity 3. Run on one process and on two processes sharing MySQL and Redis, where only the database's
 * conditional updates stand between two queue runs and an over-assigned agent.
 */
describe.each([
  ['one server process', 1],
  ['two server processes sharing MySQL and Redis', 2],
])('auto-assignment under concurrency: %s', (_name, processCount) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const servers: ServerProcess[] = [];
  const sockets: ChatClient[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-assign-'));
  let env: Record<string, string>;
  let apis: Api[];
  let admin: Session;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = serverEnv(db.url, dataDir, { redis: processCount > 1 });
    for (let i = 0; i < processCount; i++) servers.push(await startServerProcess(env));
    apis = servers.map((s) => new Api(s.url));
    admin = await apis[0].login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    for (const s of servers) await s.stop('SIGKILL');
    await db?.drop();
    if (env?.REDIS_PREFIX) await dropRedisKeys(`${env.REDIS_PREFIX}:`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (i: number) => apis[i % apis.length];
  const online = async (i: number, token: string) => {
    const socket = await connect(servers[i % servers.length].url, token);
    sockets.push(socket);
    return socket;
  };
  const ticketsWhere = async (query: string): Promise<TicketDto[]> => {
    const items: TicketDto[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(0)
        .get(`/tickets?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, admin.token)
        .expect(200);
      const page = res.body as Page<TicketDto>;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const agents = async () => (await api(0).get('/agents', admin.token).expect(200)).body.items as AgentDto[];
  /** Rows in the database, read directly: no ticket carries two automatic assignments. */
  const doubleAssigned = async () => {
    const conn = await mysqlConnection(db.name);
    try {
      const [rows] = await conn.query("SELECT ticket_id FROM ticket_events WHERE type = 'ASSIGNED' GROUP BY ticket_id HAVING COUNT(*) > 1");
      return rows as unknown[];
    } finally {
      await conn.end();
    }
  };

  it('assigns exactly 15 of 50 simultaneous tickets, none over capacity, queues 35 oldest first, and refills freed and new capacity', async () => {
    await api(0).patch('/settings', { autoAssign: true }, admin.token).expect(200);
    const team: Session<AgentDto>[] = [];
    for (let i = 0; i < 5; i++) team.push(await api(i).createAgent(admin.token, { expertise: [CATEGORY], maxConcurrent: 3 }));
    const latecomer = await api(1).createAgent(admin.token, { expertise: [CATEGORY], maxConcurrent: 3 });
    for (let i = 0; i < team.length; i++) await online(i, team[i].token);
    await eventually(agents, (list) => list.filter((a) => a.online).length === 5);

    const customers = await Promise.all(Array.from({ length: 10 }, (_, i) => api(i).registerCustomer()));
    // 50 tickets at once, spread over the processes.
    const raised = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(i).raiseTicket(customers[i % 10].token, { category: CATEGORY, subject: `Question ${i + 1}` }),
      ),
    );
    expect(raised).toHaveLength(50);

    const assignedNow = await eventually(
      () => ticketsWhere(`status=${TicketStatus.ASSIGNED}`),
      (list) => list.length >= 15,
    );
    await sleep(500); // nothing more may arrive
    const assigned = await ticketsWhere(`status=${TicketStatus.ASSIGNED}`);
    expect(assignedNow.length).toBe(15);
    expect(assigned.length).toBe(15);
    const perAgent = new Map<string, number>();
    for (const t of assigned) perAgent.set(t.agent!.id, (perAgent.get(t.agent!.id) ?? 0) + 1);
    expect([...perAgent.values()]).toEqual([3, 3, 3, 3, 3]);
    expect((await agents()).filter((a) => team.some((m) => m.user.id === a.id)).map((a) => a.openTickets)).toEqual([3, 3, 3, 3, 3]);
    expect(await doubleAssigned()).toEqual([]);

    const waiting = (await ticketsWhere(`status=${TicketStatus.OPEN}`)).sort((a, b) => a.number - b.number);
    expect(waiting).toHaveLength(35);
    expect(waiting.map((t) => t.queuePosition)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    // The oldest tickets were served first: every assigned ticket is older than every waiting one.
    expect(Math.max(...assigned.map((t) => t.number))).toBeLessThan(waiting[0].number);

    // Closing one gives that agent the oldest waiting ticket.
    const done = assigned[0];
    const owner = customers.find((c) => c.user.id === done.customer.id)!;
    await api(1).post(`/tickets/${done.id}/close`, undefined, owner.token).expect(200);
    const oldest = await eventually(
      async () => (await api(0).get(`/tickets/${waiting[0].id}`, admin.token).expect(200)).body as TicketDto,
      (t) => t.status === TicketStatus.ASSIGNED,
    );
    expect(oldest).toMatchObject({ status: TicketStatus.ASSIGNED, agent: { id: done.agent!.id } });
    const second = (await api(0).get(`/tickets/${waiting[1].id}`, admin.token).expect(200)).body as TicketDto;
    expect(second).toMatchObject({ status: TicketStatus.OPEN, queuePosition: 1 });

    // An eligible agent coming online (on the other process, when there are two) takes the next three.
    await online(1, latecomer.token);
    const taken = await eventually(
      () =>
        Promise.all(
          waiting.slice(1, 4).map(async (w) => (await api(0).get(`/tickets/${w.id}`, admin.token).expect(200)).body as TicketDto),
        ),
      (list) => list.every((t) => t.status === TicketStatus.ASSIGNED),
    );
    expect(taken.map((t) => t.agent?.id)).toEqual([latecomer.user.id, latecomer.user.id, latecomer.user.id]);
    await sleep(300);
    const finalAgents = await agents();
    expect(finalAgents.every((a) => a.openTickets <= a.maxConcurrent)).toBe(true);
    expect(finalAgents.find((a) => a.id === latecomer.user.id)?.openTickets).toBe(3);
    const stillWaiting = (await ticketsWhere(`status=${TicketStatus.OPEN}`)).sort((a, b) => a.number - b.number);
    expect(stillWaiting).toHaveLength(31);
    expect(stillWaiting[0]).toMatchObject({ id: waiting[4].id, queuePosition: 1 });
    expect(await doubleAssigned()).toEqual([]);
  });
});
