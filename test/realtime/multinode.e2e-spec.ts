import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../helpers/app';
import { Api } from '../helpers/api';
import { serverEnv, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { liveChat } from '../helpers/chat-client';
import { ack, connect, next, sleep, type ChatClient } from '../helpers/socket';

jest.setTimeout(120_000);

/** Two processes on two ports, one MySQL and one Redis, behave as one server. */
describe('two server processes with Redis', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-multi-'));
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = serverEnv(db.url, dataDir, { redis: true });
    a = await startServerProcess(env);
    b = await startServerProcess(env);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const on = async (server: ServerProcess, token: string) => {
    const s = await connect(server.url, token);
    sockets.push(s);
    return s;
  };

  it('carries messages, typing, presence and status between a customer on one and an agent on the other', async () => {
    const apiA = new Api(a.url);
    const apiB = new Api(b.url);
    const admin = await apiA.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customer = await apiA.registerCustomer();
    const agent = await apiB.createAgent(admin.token);
    const ticket = await apiA.raiseTicket(customer.token);

    // Presence: the admin on A sees the agent come online on B, and the count is shared.
    const adminSocket = await on(a, admin.token);
    const online = next(adminSocket, 'agent:presence', (p) => p.agentId === agent.user.id && p.online);
    const agentSocket = await on(b, agent.token);
    await online;
    const agents = await apiA.get('/agents', admin.token).expect(200);
    expect(agents.body.items.find((x: { id: string }) => x.id === agent.user.id).online).toBe(true);

    // Status: assigned through A's REST, heard by the agent on B.
    const customerSocket = await on(a, customer.token);
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

    // Revocation on A closes the agent's socket on B.
    const closed = new Promise<void>((r) => agentSocket.once('disconnect', () => r()));
    await apiA.post('/auth/logout-all', undefined, agent.token).expect(200);
    await closed;
  });

  it('loses nothing when one process dies: the client resyncs on the other', async () => {
    const apiA = new Api(a.url);
    const admin = await apiA.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const customer = await apiA.registerCustomer();
    const agent = await apiA.createAgent(admin.token);
    const ticket = await apiA.raiseTicket(customer.token);
    await apiA.assign(admin.token, ticket.id, agent.user.id);

    const customerChat = liveChat(a.url, customer.token, { id: customer.user.id, role: 'CUSTOMER', firstName: customer.user.firstName });
    const agentChat = liveChat(b.url, agent.token, { id: agent.user.id, role: 'AGENT', firstName: agent.user.firstName });
    await sleep(300);
    await customerChat.sync.join(ticket.id);
    await agentChat.sync.join(ticket.id);
    for (let i = 0; i < 50; i++) {
      customerChat.sync.send(ticket.id, `c${i}`);
      agentChat.sync.send(ticket.id, `a${i}`);
      if (i === 25) {
        await b.stop('SIGKILL'); // the agent's process dies mid-conversation
        agentChat.moveTo(a.url); // the balancer sends the agent to the survivor
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
