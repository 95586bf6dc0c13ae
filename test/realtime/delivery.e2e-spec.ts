import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageDto, TicketDto } from '@ccr/shared';
import { createTestDatabase, mysqlConnection } from '../helpers/app';
import { Api, newClientId, type Session } from '../helpers/api';
import { serverEnv, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { liveChat, type LiveChat } from '../helpers/chat-client';
import { ack, connect, sleep } from '../helpers/socket';

jest.setTimeout(180_000);

/** The delivery promise under faults: every message exactly once, in seq order, on every side and in the database. */
describe('delivery under disconnects and a server crash', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-delivery-'));
  const clients: LiveChat[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = serverEnv(db.url, dataDir);
    server = await startServerProcess(env);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server?.stop('SIGKILL');
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers 2,000 messages exactly once across random drops and a kill -9 restart', async () => {
    const api = new Api(server.url);
    const admin = await api.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customers = [await api.registerCustomer({ firstName: 'Cleo' }), await api.registerCustomer({ firstName: 'Cyrus' })];
    const agents = [await api.createAgent(admin.token, { firstName: 'Ana' }), await api.createAgent(admin.token, { firstName: 'Abe' })];
    // Four tickets: each customer has one with each agent.
    const tickets: { ticket: TicketDto; customer: Session; agent: Session }[] = [];
    for (const customer of customers) {
      for (const agent of agents) {
        const ticket = await api.raiseTicket(customer.token);
        await api.assign(admin.token, ticket.id, agent.user.id);
        tickets.push({ ticket, customer, agent: agent as unknown as Session });
      }
    }
    const people = [...customers, ...agents] as Session[];
    const chats = new Map<string, LiveChat>();
    for (const p of people) {
      const chat = liveChat(server.url, p.token, { id: p.user.id, role: p.user.role, firstName: p.user.firstName });
      clients.push(chat);
      chats.set(p.user.id, chat);
    }
    await sleep(500);
    for (const { ticket, customer, agent } of tickets) {
      await chats.get(customer.user.id)!.sync.join(ticket.id);
      await chats.get(agent.user.id)!.sync.join(ticket.id);
    }

    // 2,000 messages: 500 per person, alternating over their two tickets.
    const TOTAL = 2000;
    const sent = new Map<string, Set<string>>(tickets.map((t) => [t.ticket.id, new Set<string>()]));
    const schedule: { from: Session; ticketId: string }[] = [];
    for (let i = 0; i < TOTAL / people.length; i++) {
      for (const p of people) {
        const mine = tickets.filter((t) => t.customer.user.id === p.user.id || t.agent.user.id === p.user.id);
        schedule.push({ from: p, ticketId: mine[i % mine.length].ticket.id });
      }
    }

    let crashed = false;
    const chaos = setInterval(() => {
      // Drop a random client's connection; it reconnects by itself.
      const victim = clients[Math.floor(Math.random() * clients.length)];
      victim.socket.io.engine?.close();
    }, 150);
    try {
      for (let i = 0; i < schedule.length; i++) {
        const { from, ticketId } = schedule[i];
        const clientId = chats.get(from.user.id)!.sync.send(ticketId, `#${i} from ${from.user.firstName}`);
        sent.get(ticketId)!.add(clientId);
        if (i % 20 === 19) await sleep(15);
        if (!crashed && i === Math.floor(TOTAL * 0.4)) {
          crashed = true;
          await server.stop('SIGKILL');
          await sleep(300);
          server = await startServerProcess(env, server.port);
        }
      }
    } finally {
      clearInterval(chaos);
    }
    expect(crashed).toBe(true);

    // Everyone converges: outboxes empty, every message held once, seq 1..N without gaps.
    const deadline = Date.now() + 90_000;
    const settled = () =>
      [...chats.values()].every((c) => c.sync.pendingCount() === 0) &&
      tickets.every(({ ticket, customer, agent }) =>
        [customer, agent].every((p) => chats.get(p.user.id)!.sync.snapshot(ticket.id).lastSeq === sent.get(ticket.id)!.size),
      );
    while (!settled() && Date.now() < deadline) {
      await sleep(250);
      for (const c of chats.values()) if (c.socket.connected) void c.sync.resync();
    }

    for (const { ticket, customer, agent } of tickets) {
      const expected = sent.get(ticket.id)!;
      for (const p of [customer, agent]) {
        const snap = chats.get(p.user.id)!.sync.snapshot(ticket.id);
        const stored = snap.items.filter((it) => it.state === 'sent');
        expect(snap.items.filter((it) => it.state !== 'sent')).toEqual([]);
        expect(stored.map((it) => it.seq)).toEqual(Array.from({ length: expected.size }, (_, k) => k + 1));
        expect(new Set(stored.map((it) => it.clientId))).toEqual(expected);
      }
    }

    // The database holds each message exactly once.
    const conn = await mysqlConnection(db.name);
    const [rows] = await conn.query(
      'SELECT ticket_id, COUNT(*) AS n, COUNT(DISTINCT client_id) AS ids, MAX(seq) AS top FROM messages GROUP BY ticket_id',
    );
    await conn.end();
    const total = (rows as { n: number }[]).reduce((sum, r) => sum + Number(r.n), 0);
    expect(total).toBe(TOTAL);
    for (const r of rows as { ticket_id: string; n: number; ids: number; top: number }[]) {
      expect(Number(r.n)).toBe(sent.get(r.ticket_id)!.size);
      expect(Number(r.ids)).toBe(Number(r.n));
      expect(Number(r.top)).toBe(Number(r.n));
    }
  });

  it('three racing sends with one clientId store one message and ack the same id', async () => {
    const api = new Api(server.url);
    const admin = await api.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customer = await api.registerCustomer();
    const agent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    const a = await connect(server.url, customer.token);
    const b = await connect(server.url, customer.token);
    const clientId = newClientId();
    const payload = { ticketId: ticket.id, clientId, body: 'only once' };
    const answers = await Promise.all([
      ack(a, 'message:send', payload),
      ack(b, 'message:send', payload),
      api
        .post(`/tickets/${ticket.id}/messages`, { clientId, body: 'only once' }, customer.token)
        .then((r) => ({ ok: r.status < 300, message: r.body as MessageDto })),
    ]);
    a.close();
    b.close();
    expect(answers.every((x) => x.ok)).toBe(true);
    expect(new Set(answers.map((x) => x.message.id)).size).toBe(1);
    const history = await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200);
    expect(history.body.items).toHaveLength(1);
  });

  it('drains on SIGTERM: the stores under way are acked, then it exits within 10 seconds', async () => {
    const api = new Api(server.url);
    const admin = await api.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customer = await api.registerCustomer();
    const agent = await api.createAgent(admin.token);
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    const socket = await connect(server.url, customer.token);
    const sends = Array.from({ length: 50 }, (_, i) =>
      ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `drain ${i}` }).catch((e: Error) => ({
        ok: false,
        error: { code: e.message },
      })),
    );
    await sleep(5);
    const stopped = server.stop('SIGTERM');
    const answers = await Promise.all(sends);
    const { ms } = await stopped;
    expect(ms).toBeLessThan(10_000);
    const acked = answers.filter((x: any) => x.ok).map((x: any) => x.message.clientId);
    // Whatever was acknowledged is stored; nothing acked was lost in the shutdown.
    server = await startServerProcess(env, server.port);
    const history = await new Api(server.url).get(`/tickets/${ticket.id}/messages?limit=200`, customer.token).expect(200);
    const stored = new Set(history.body.items.map((m: MessageDto) => m.clientId));
    for (const id of acked) expect(stored.has(id)).toBe(true);
    expect(
      answers
        .filter((x: any) => !x.ok)
        .every((x: any) => ['UNAVAILABLE', 'operation has timed out'].includes(x.error.code) || /disconnect|timed out/i.test(x.error.code)),
    ).toBe(true);
    socket.close();
  });
});
