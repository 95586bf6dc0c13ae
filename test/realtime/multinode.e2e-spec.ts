import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/app';
import { Api } from '../helpers/api';
import { serverEnv, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { liveChat } from '../helpers/chat-client';
import { dropRedisKeys } from '../helpers/redis';
import { ack, collect, connect, next, sleep, type ChatClient } from '../helpers/socket';

jest.setTimeout(120_000);

interface TwoProcesses {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  a: ServerProcess;
  b: ServerProcess;
  env: Record<string, string>;
  /** Closed after the block's tests. */
  sockets: ChatClient[];
}

/** Two processes on two ports, one MySQL database and one Redis, for the tests of the calling block. */
function useTwoProcesses(extraEnv: Record<string, string> = {}): TwoProcesses {
  const f = { sockets: [] as ChatClient[] } as TwoProcesses;
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-multi-'));
  beforeAll(async () => {
    f.db = await createTestDatabase();
    f.env = { ...serverEnv(f.db.url, dataDir, { redis: true }), ...extraEnv };
    // One after the other: the first one prepares the new database's schema.
    f.a = await startServerProcess(f.env);
    f.b = await startServerProcess(f.env);
  });
  afterAll(async () => {
    f.sockets.forEach((s) => s.close());
    await f.a?.stop('SIGKILL');
    await f.b?.stop('SIGKILL');
    await f.db?.drop();
    if (f.env) await dropRedisKeys(`${f.env.REDIS_PREFIX}:`);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return f;
}

/** Through one process's REST API: a new customer's ticket, assigned to a new agent. */
async function assignedTicket(api: Api, f: TwoProcesses) {
  const admin = await api.login(f.env.ADMIN_EMAIL, f.env.ADMIN_PASSWORD);
  const customer = await api.registerCustomer();
  const agent = await api.createAgent(admin.token);
  const ticket = await api.raiseTicket(customer.token);
  await api.assign(admin.token, ticket.id, agent.user.id);
  return { customer, agent, ticket };
}

/** Two processes on two ports, one MySQL and one Redis, behave as one server. */
describe('two server processes with Redis', () => {
  const f = useTwoProcesses();

  const on = async (server: ServerProcess, token: string) => {
    const s = await connect(server.url, token);
    f.sockets.push(s);
    return s;
  };

  it('carries messages, typing, presence and status between a customer on one and an agent on the other', async () => {
    const apiA = new Api(f.a.url);
    const apiB = new Api(f.b.url);
    const admin = await apiA.login(f.env.ADMIN_EMAIL, f.env.ADMIN_PASSWORD);
    const customer = await apiA.registerCustomer();
    const agent = await apiB.createAgent(admin.token);
    const ticket = await apiA.raiseTicket(customer.token);

    // Presence: the admin on A sees the agent come online on B, and the count is shared.
    const adminSocket = await on(f.a, admin.token);
    const online = next(adminSocket, 'agent:presence', (p) => p.agentId === agent.user.id && p.online);
    const agentSocket = await on(f.b, agent.token);
    await online;
    const agents = await apiA.get('/agents', admin.token).expect(200);
    expect(agents.body.items.find((x: { id: string }) => x.id === agent.user.id).online).toBe(true);

    // Status: assigned through A's REST, heard by the agent on B.
    const customerSocket = await on(f.a, customer.token);
    const agentHears = next(agentSocket, 'ticket:updated', (t) => t.id === ticket.id && t.status === 'ASSIGNED');
    await apiA.assign(admin.token, ticket.id, agent.user.id);
    await agentHears;
    expect((await apiA.get(`/tickets/${ticket.id}`, customer.token)).body.agent.online).toBe(true);

    // Messages both ways.
    await ack(customerSocket, 'ticket:join', { ticketId: ticket.id });
    await ack(agentSocket, 'ticket:join', { ticketId: ticket.id });
    const toAgent = next(agentSocket, 'message:new', (m) => m.body === 'hello from A');
    expect((await ack(customerSocket, 'message:send', { ticketId: ticket.id, clientId: 'm-a-1', body: 'hello from A' })).ok).toBe(true);
    await toAgent;
    const toCustomer = next(customerSocket, 'message:new', (m) => m.body === 'hello from B');
    await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: 'm-b-1', body: 'hello from B' });
    await toCustomer;

    // Typing crosses too.
    const typing = next(customerSocket, 'typing', (t) => t.userId === agent.user.id && t.typing);
    await ack(agentSocket, 'typing', { ticketId: ticket.id, typing: true });
    await typing;

    // A new name given through A's REST: the agent's socket on B is told, and writes under it.
    const told = next(agentSocket, 'account:updated', (u) => u.firstName === 'Renamed');
    await apiA.patch('/auth/me', { firstName: 'Renamed' }, agent.token).expect(200);
    await told;
    const renamed = next(customerSocket, 'message:new', (m) => m.body === 'under a new name');
    await ack(agentSocket, 'message:send', { ticketId: ticket.id, clientId: 'm-b-2', body: 'under a new name' });
    expect((await renamed).sender.firstName).toBe('Renamed');
    // A socket the agent opens on B now, within B's few seconds of remembered account lookups, has the new name too.
    const secondTab = await on(f.b, agent.token);
    await ack(secondTab, 'ticket:join', { ticketId: ticket.id });
    const fromSecondTab = next(customerSocket, 'message:new', (m) => m.body === 'from a new tab');
    await ack(secondTab, 'message:send', { ticketId: ticket.id, clientId: 'm-b-3', body: 'from a new tab' });
    expect((await fromSecondTab).sender.firstName).toBe('Renamed');

    // Revocation on A closes the agent's socket on B.
    const closed = new Promise<void>((r) => agentSocket.once('disconnect', () => r()));
    await apiA.post('/auth/logout-all', undefined, agent.token).expect(200);
    await closed;
  });

  it('gives every socket of the ticket’s people, on either process, each message of a burst once, each sender’s in seq order', async () => {
    const { customer, agent, ticket } = await assignedTicket(new Api(f.a.url), f);
    const stranger = await new Api(f.b.url).registerCustomer();
    // Joined to the ticket, or only in their user's room (another tab, or the agent's inbox), on both processes.
    const customerA = await on(f.a, customer.token);
    const customerB = await on(f.b, customer.token);
    const agentB = await on(f.b, agent.token);
    const agentA = await on(f.a, agent.token);
    const strangers = [await on(f.a, stranger.token), await on(f.b, stranger.token)];
    await ack(customerA, 'ticket:join', { ticketId: ticket.id });
    await ack(agentB, 'ticket:join', { ticketId: ticket.id });
    const heard = [customerA, customerB, agentB, agentA].map((s) => collect(s, 'message:new'));
    const strayed = strangers.map((s) => collect(s, 'message:new'));

    // Both sides at once: each process stores batches of several messages and hands them to the other.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        ack(customerA, 'message:send', { ticketId: ticket.id, clientId: `c-${i}`, body: `from the customer ${i}` }),
        ack(agentB, 'message:send', { ticketId: ticket.id, clientId: `a-${i}`, body: `from the agent ${i}` }),
      ]).flat(),
    );
    expect(answers.every((x) => x.ok)).toBe(true);
    const deadline = Date.now() + 10_000;
    while (heard.some((h) => h.length < 60) && Date.now() < deadline) await sleep(50);
    await sleep(300); // a repeat would arrive by now
    const allSeqs = Array.from({ length: 60 }, (_, i) => i + 1);
    for (const h of heard) {
      // Each message once; each side's messages in the order they were stored (the two processes' batches may interleave).
      expect(h.map((m) => m.seq).sort((x, y) => x - y)).toEqual(allSeqs);
      for (const side of [customer.user.id, agent.user.id]) {
        const seqs = h.filter((m) => m.sender.id === side).map((m) => m.seq);
        expect(seqs).toHaveLength(30);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
    }
    expect(strayed.map((s) => s.length)).toEqual([0, 0]);
  });

  it('loses nothing when one process dies: the client resyncs on the other', async () => {
    const { customer, agent, ticket } = await assignedTicket(new Api(f.a.url), f);

    const customerChat = liveChat(f.a.url, customer.token, { id: customer.user.id, role: 'CUSTOMER', firstName: customer.user.firstName });
    const agentChat = liveChat(f.b.url, agent.token, { id: agent.user.id, role: 'AGENT', firstName: agent.user.firstName });
    await sleep(300);
    await customerChat.sync.join(ticket.id);
    await agentChat.sync.join(ticket.id);
    for (let i = 0; i < 50; i++) {
      customerChat.sync.send(ticket.id, `c${i}`);
      agentChat.sync.send(ticket.id, `a${i}`);
      if (i === 25) {
        await f.b.stop('SIGKILL'); // the agent's process dies mid-conversation
        agentChat.moveTo(f.a.url); // the balancer sends the agent to the survivor
      }
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if ([customerChat, agentChat].every((c) => c.sync.pendingCount() === 0 && c.sync.snapshot(ticket.id).lastSeq === 100)) break;
      await sleep(200);
    }
    for (const chat of [customerChat, agentChat]) {
      const snap = chat.sync.snapshot(ticket.id);
      expect(snap.items.map((it) => it.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(new Set(snap.items.map((it) => it.body)).size).toBe(100);
    }
    customerChat.close();
    agentChat.close();
  });
});

/** The messages-per-user limit is counted in Redis, so one user's sockets on two processes share it. */
describe('two server processes with Redis at the real rate limits', () => {
  const f = useTwoProcesses({ RATE_LIMIT_SCALE: '1' });

  it('refuses a customer’s 21st message in a second with RATE_LIMITED, whichever process the 20 before it went to', async () => {
    const api = new Api(f.a.url);
    const { customer, ticket } = await assignedTicket(api, f);
    const [onA, onB] = await Promise.all([connect(f.a.url, customer.token), connect(f.b.url, customer.token)]);
    f.sockets.push(onA, onB);

    // 20 sends on each process at once: each process alone would let its 20 through.
    const answers = await Promise.all(
      [onA, onB].flatMap((s, p) =>
        Array.from({ length: 20 }, (_, i) => ack(s, 'message:send', { ticketId: ticket.id, clientId: `p${p}-${i}`, body: `m${i}` })),
      ),
    );
    const limited = answers.filter((x) => !x.ok);
    expect(answers.length - limited.length).toBe(20);
    expect(limited.map((x) => !x.ok && x.error.code)).toEqual(Array(20).fill('RATE_LIMITED'));
    // Exactly the 20 acknowledged are stored, seq 1 to 20.
    const stored = await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200);
    expect(stored.body.items.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
