import type { MessageDto } from '@ccr/shared';
import { DataSource } from 'typeorm';
// The app first: the entities' import cycle resolves from its side, as in the server.
import { mysqlConnection, startApp, useTestApp, type TestApp } from '../helpers/app';
import { AddressColumnService } from '../../server/src/address-column/address-column.service';
import { MysqlBatchTxFactory } from '../../server/src/address-column/batch-tx';
import { Api, newClientId, type Session } from '../helpers/api';
import { ack, collect, connect, sleep, type ChatClient } from '../helpers/socket';

jest.setTimeout(120_000);

/** A new customer's ticket assigned to a new agent, both of them online. */
async function onlineChat(api: Api, adminToken: string, online: (token: string) => Promise<ChatClient>) {
  const customer = await api.registerCustomer();
  const agent = (await api.createAgent(adminToken)) as unknown as Session;
  const ticket = await api.raiseTicket(customer.token);
  await api.assign(adminToken, ticket.id, agent.user.id);
  const c = await online(customer.token);
  const a = await online(agent.token);
  return { customer, agent, ticket, c, a };
}

/**
 * The group commit: many sends share one transaction, and each is still acked only after its row is
 * committed. With one transaction at a time per lane and two lanes (the defaults), with a single lane,
 * and with two transactions overlapping in each lane (STORE_TRANSACTIONS=2).
 */
describe.each([
  ['1', '2'],
  ['1', '1'],
  ['2', '2'],
])('message store: group commit, STORE_TRANSACTIONS=%s, STORE_LANES=%s', (transactions, lanes) => {
  let t: TestApp;
  let api: Api;
  let admin: Session;
  const sockets: ChatClient[] = [];
  let sql: Awaited<ReturnType<typeof mysqlConnection>>;
  /** The store's counters (batches, guessed packets, …) of the app under test. */
  const stats = () => t.app.get(AddressColumnService).storeStats;
  /** One new message (a fresh clientId), answered by its ack. */
  const send = (socket: ChatClient, ticketId: string, body: string) =>
    ack(socket, 'message:send', { ticketId, clientId: newClientId(), body });

  beforeAll(async () => {
    t = await startApp({ env: { STORE_TRANSACTIONS: transactions, STORE_LANES: lanes } });
    api = new Api(t.url);
    admin = await api.login(t.admin.email, t.admin.password);
    sql = await mysqlConnection(t.database);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await sql?.end();
    await t?.close();
  });

  const assignedTicket = () =>
    onlineChat(api, admin.token, async (token) => {
      const socket = await connect(t.url, token);
      sockets.push(socket);
      return socket;
    });

  it('200 concurrent sends on one ticket get seq 1..200 without gaps, each acked after its row is visible', async () => {
    const { ticket, c, a } = await assignedTicket();
    const seenByAgent = collect(a, 'message:new');
    const checks: Promise<boolean>[] = [];
    const sends = [...Array(200).keys()].map((i) => {
      const from = i % 2 ? a : c;
      return ack(from, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `message ${i}` }, 20_000).then((res) => {
        // At the moment of the ack the row must already be committed (read on another connection).
        if (res.ok)
          checks.push(
            sql.query('SELECT COUNT(*) AS n FROM messages WHERE id = ?', [res.message.id]).then(([rows]: any) => Number(rows[0].n) === 1),
          );
        return res;
      });
    });
    const answers = await Promise.all(sends);
    expect(answers.every((x) => x.ok)).toBe(true);
    expect((await Promise.all(checks)).every(Boolean)).toBe(true);
    const seqs = answers.map((x) => x.message.seq as number).sort((x, y) => x - y);
    expect(seqs).toEqual([...Array(200).keys()].map((i) => i + 1));
    const [rows]: any = await sql.query('SELECT seq FROM messages WHERE ticket_id = ? ORDER BY seq', [ticket.id]);
    expect(rows.map((r: any) => r.seq)).toEqual(seqs);
    const [[tk]]: any = await sql.query('SELECT last_seq, first_response_at, last_message_at FROM tickets WHERE id = ?', [ticket.id]);
    expect(tk.last_seq).toBe(200);
    expect(tk.first_response_at).not.toBeNull();
    expect(tk.last_message_at).not.toBeNull();
    // They really shared transactions.
    expect(stats().largestBatch).toBeGreaterThan(1);
    // Broadcasts arrive in seq order, each once.
    await sleep(300);
    const order = seenByAgent.filter((m: MessageDto) => m.ticketId === ticket.id).map((m: MessageDto) => m.seq);
    expect(order).toEqual(seqs);
  });

  it('runs the configured lanes, each with the configured number of transactions at once', () => {
    const { stores } = (t.app.get(AddressColumnService) as unknown as { lanes: { stores: { maxInFlight: number }[] } }).lanes;
    expect(stores.map((s) => s.maxInFlight)).toEqual(Array(Number(lanes)).fill(Number(transactions)));
  });

  it("with sends arriving while transactions are under way, every socket still receives each ticket's messages in seq order", async () => {
    const chats = await Promise.all([...Array(3).keys()].map(() => assignedTicket()));
    const seen = chats.map((chat) => ({ chat, byAgent: collect(chat.a, 'message:new'), byCustomer: collect(chat.c, 'message:new') }));
    for (let wave = 0; wave < 5; wave++) {
      await Promise.all(
        chats.flatMap((chat) =>
          [...Array(60).keys()].map((i) =>
            ack(
              i % 2 ? chat.a : chat.c,
              'message:send',
              { ticketId: chat.ticket.id, clientId: newClientId(), body: `w${wave} m${i}` },
              20_000,
            ),
          ),
        ),
      );
    }
    await sleep(300);
    for (const { chat, byAgent, byCustomer } of seen) {
      const expected = [...Array(300).keys()].map((i) => i + 1);
      expect(byAgent.filter((m: MessageDto) => m.ticketId === chat.ticket.id).map((m: MessageDto) => m.seq)).toEqual(expected);
      expect(byCustomer.filter((m: MessageDto) => m.ticketId === chat.ticket.id).map((m: MessageDto) => m.seq)).toEqual(expected);
    }
  });

  it('resends mixed into batches under way are answered with the stored message, and broadcasts keep seq order', async () => {
    const chats = await Promise.all([...Array(2).keys()].map(() => assignedTicket()));
    const seen = chats.map((chat) => ({ chat, byAgent: collect(chat.a, 'message:new') }));
    // A repeat is caught by the unique key: in a guessed packet (a stale guess) or after the locking read (a retry).
    const caught = () => {
      const { retried, staleGuesses } = stats();
      return retried + staleGuesses;
    };
    const caughtBefore = caught();
    const send = (chat: (typeof chats)[number], clientId: string, body: string) =>
      ack(chat.c, 'message:send', { ticketId: chat.ticket.id, clientId, body }, 20_000);
    // A first wave is stored; then 200 more per chat go out over ~100 ms, so transactions overlap, and
    // now and then one repeats a clientId of the first wave (a client resending its outbox): its batch
    // must look it up and still take its seqs before the batch queued behind it.
    const first = await Promise.all(
      chats.map((chat) => Promise.all([...Array(20).keys()].map((i) => send(chat, newClientId(), `first ${i}`)))),
    );
    const pending: Promise<{ res: any; resend?: MessageDto }>[][] = chats.map(() => []);
    for (let i = 0; i < 200; i++) {
      chats.forEach((chat, c) => {
        const resend: MessageDto | undefined = i % 25 === 12 ? first[c][i % 20].message : undefined;
        pending[c].push(send(chat, resend?.clientId ?? newClientId(), `later ${i}`).then((res) => ({ res, resend })));
      });
      // Spread over ~100 ms, so that sends keep arriving while transactions are under way.
      if (i % 10 === 9) await sleep(5);
    }
    const later = await Promise.all(pending.map((p) => Promise.all(p)));
    await sleep(300);
    expect(caught()).toBeGreaterThan(caughtBefore);
    for (const [c, { chat, byAgent }] of seen.entries()) {
      for (const { res, resend } of later[c]) {
        expect(res.ok).toBe(true);
        if (resend) expect(res.message.id).toBe(resend.id);
      }
      const stored = 20 + 192;
      const order = byAgent.filter((m: MessageDto) => m.ticketId === chat.ticket.id).map((m: MessageDto) => m.seq);
      expect(order).toEqual([...Array(stored).keys()].map((i) => i + 1));
      const [rows]: any = await sql.query('SELECT COUNT(*) AS n, MAX(seq) AS top FROM messages WHERE ticket_id = ?', [chat.ticket.id]);
      expect(Number(rows[0].n)).toBe(stored);
      expect(Number(rows[0].top)).toBe(stored);
    }
  });

  it('a batch holding a repeated clientId (twice in flight, and once more after it is stored) stores it once', async () => {
    const { ticket, c } = await assignedTicket();
    const repeated = newClientId();
    const payloads = [...Array(20).keys()].map((i) => ({
      ticketId: ticket.id,
      clientId: i % 5 === 0 ? repeated : newClientId(),
      body: `m${i}`,
    }));
    const answers = await Promise.all(payloads.map((p) => ack(c, 'message:send', p)));
    expect(answers.every((x) => x.ok)).toBe(true);
    const ofRepeated = answers.filter((x) => x.message.clientId === repeated);
    expect(ofRepeated).toHaveLength(4);
    expect(new Set(ofRepeated.map((x) => x.message.id)).size).toBe(1);
    // A resend mixed into a later batch of new messages: the unique key catches it; the others still go in.
    const more = await Promise.all([
      ack(c, 'message:send', { ticketId: ticket.id, clientId: repeated, body: 'again' }),
      ...[...Array(10).keys()].map((i) => ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `later ${i}` })),
    ]);
    expect(more.every((x) => x.ok)).toBe(true);
    expect(more[0].message.id).toBe(ofRepeated[0].message.id);
    expect(more[0].message.body).toBe('m0');
    const [rows]: any = await sql.query('SELECT seq FROM messages WHERE ticket_id = ? ORDER BY seq', [ticket.id]);
    expect(rows.map((r: any) => r.seq)).toEqual([...Array(27).keys()].map((i) => i + 1));
  });

  it('a send right after close is refused, and a resend of a stored message still answers it', async () => {
    const { customer, ticket, c } = await assignedTicket();
    const first = await ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'before close' });
    expect(first.ok).toBe(true);
    await api.post(`/tickets/${ticket.id}/close`, {}, customer.token).expect(200);
    const stale = stats().staleGuesses;
    const after = await ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'after close' });
    expect(after).toMatchObject({ ok: false, error: { code: 'TICKET_CLOSED' } });
    // The close here made the store forget the ticket's row: the refusal came from the locked row, not a failed guess.
    expect(stats().staleGuesses).toBe(stale);
    const resend = await ack(c, 'message:send', { ticketId: ticket.id, clientId: first.message.clientId, body: 'before close' });
    expect(resend.ok).toBe(true);
    expect(resend.message.id).toBe(first.message.id);
  });

  it('a reassigned agent is refused at once, the new agent may write, and nothing else in the batch fails', async () => {
    const { ticket, a, c } = await assignedTicket();
    expect((await ack(a, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'mine' })).ok).toBe(true);
    const other = (await api.createAgent(admin.token)) as unknown as Session;
    await api.assign(admin.token, ticket.id, other.user.id);
    const stale = stats().staleGuesses;
    const [old, customer] = await Promise.all([
      ack(a, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'not mine any more' }),
      ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'from the customer' }),
    ]);
    expect(old).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(customer.ok).toBe(true);
    expect(customer.message.seq).toBe(2);
    expect(stats().staleGuesses).toBe(stale);
    const b = await connect(t.url, other.token);
    sockets.push(b);
    const fresh = await ack(b, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'the new agent' });
    expect(fresh.ok).toBe(true);
    expect(fresh.message.seq).toBe(3);
  });

  it('sends to many tickets at once, some of them refused, store the rest gap-free per ticket', async () => {
    const chats = await Promise.all([...Array(5).keys()].map(() => assignedTicket()));
    const stranger = await api.registerCustomer();
    const s = await connect(t.url, stranger.token);
    sockets.push(s);
    const jobs: Promise<any>[] = [];
    for (let round = 0; round < 10; round++) {
      for (const chat of chats) {
        jobs.push(
          ack(round % 2 ? chat.a : chat.c, 'message:send', { ticketId: chat.ticket.id, clientId: newClientId(), body: `r${round}` }),
        );
        jobs.push(ack(s, 'message:send', { ticketId: chat.ticket.id, clientId: newClientId(), body: 'not yours' }));
      }
    }
    const answers = await Promise.all(jobs);
    const refused = answers.filter((x) => !x.ok);
    expect(refused).toHaveLength(50);
    expect(refused.every((x) => x.error.code === 'NOT_FOUND')).toBe(true);
    for (const chat of chats) {
      const [rows]: any = await sql.query('SELECT seq FROM messages WHERE ticket_id = ? ORDER BY seq', [chat.ticket.id]);
      expect(rows.map((r: any) => r.seq)).toEqual([...Array(10).keys()].map((i) => i + 1));
      // One UPDATE moved all five tickets: each row got its own seqs (what unread counts and the next seq read).
      const [[ticket]]: any = await sql.query('SELECT last_seq, customer_sent_seq, agent_sent_seq FROM tickets WHERE id = ?', [
        chat.ticket.id,
      ]);
      const [[latest]]: any = await sql.query(
        'SELECT MAX(CASE WHEN sender_id = ? THEN seq END) AS customer, MAX(CASE WHEN sender_id = ? THEN seq END) AS agent FROM messages WHERE ticket_id = ?',
        [chat.customer.user.id, chat.agent.user.id, chat.ticket.id],
      );
      expect([ticket.last_seq, ticket.customer_sent_seq, ticket.agent_sent_seq].map(Number)).toEqual(
        [10, latest.customer, latest.agent].map(Number),
      );
    }
  });

  it('a batch locks only its own tickets: a ticket another transaction holds delays no send to the others', async () => {
    // Most of the tickets table in one batch: there MariaDB would rather scan the table, locking every row.
    const customer = await api.registerCustomer();
    const tickets = await Promise.all([...Array(30).keys()].map((i) => api.raiseTicket(customer.token, { subject: `Question ${i}` })));
    const [held, ...others] = tickets;
    const c = await connect(t.url, customer.token);
    sockets.push(c);
    const blocker = await mysqlConnection(t.database);
    try {
      // A slow admin operation (or another process) holds one ticket's row.
      await blocker.query('START TRANSACTION');
      await blocker.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE', [held.id]);
      // First round: the rows are read under lock; second: guessed from memory and written in one packet.
      for (const round of ['read under lock', 'guessed']) {
        const before = { ...stats() };
        // Within send's 5 s: without the primary-key reads every send here waits for the held row.
        const answers = await Promise.all(others.map((tk) => send(c, tk.id, round)));
        expect(answers.every((x) => x.ok && x.message.seq === (round === 'guessed' ? 2 : 1))).toBe(true);
        // They shared transactions (a batch of one would not have scanned).
        expect(stats().batches - before.batches).toBeLessThan(others.length / 2);
        if (round === 'guessed') expect(stats().guessed).toBeGreaterThan(before.guessed);
      }
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect((await send(c, held.id, 'now free')).ok).toBe(true);
  });

  describe('batches guessed from remembered ticket rows (one packet, guarded)', () => {
    const storedSeqs = async (ticketId: string) =>
      ((await sql.query('SELECT seq FROM messages WHERE ticket_id = ? ORDER BY seq', [ticketId])) as any)[0].map((r: any) => r.seq);

    /** Another process (or a person at the database) changes the ticket: this process hears nothing of it. */
    async function behindItsBack(update: string, params: unknown[]) {
      await sql.query(update, params);
    }

    it('after the first send a ticket is written in one packet; a send stored by another writer meanwhile moves the seq on', async () => {
      const { ticket, customer, c, a } = await assignedTicket();
      const seenByAgent = collect(a, 'message:new');
      expect((await send(c, ticket.id, 'one')).message.seq).toBe(1);
      const before = { ...stats() };
      expect((await send(c, ticket.id, 'two')).message.seq).toBe(2);
      expect(stats().guessed).toBeGreaterThan(before.guessed);
      // Another process stores seq 3 (its row and the ticket's counter, as the store does).
      await behindItsBack(
        `INSERT INTO messages (id, ticket_id, seq, client_id, sender_id, body, created_at) VALUES (UUID(), ?, 3, ?, ?, 'from elsewhere', NOW(3))`,
        [ticket.id, newClientId(), customer.user.id],
      );
      await behindItsBack('UPDATE tickets SET last_seq = 3 WHERE id = ?', [ticket.id]);
      const four = await send(c, ticket.id, 'four');
      expect(four.ok).toBe(true);
      expect(four.message.seq).toBe(4);
      expect(stats().staleGuesses).toBeGreaterThan(before.staleGuesses);
      expect((await send(c, ticket.id, 'five')).message.seq).toBe(5);
      expect(await storedSeqs(ticket.id)).toEqual([1, 2, 3, 4, 5]);
      await sleep(200);
      expect(seenByAgent.filter((m: MessageDto) => m.ticketId === ticket.id).map((m: MessageDto) => m.seq)).toEqual([1, 2, 4, 5]);
    });

    it('a ticket closed elsewhere refuses the next send although this process remembers it open', async () => {
      const { ticket, c } = await assignedTicket();
      expect((await send(c, ticket.id, 'one')).ok).toBe(true);
      expect((await send(c, ticket.id, 'two')).ok).toBe(true);
      const before = { ...stats() };
      await behindItsBack(`UPDATE tickets SET status = 'CLOSED', closed_at = NOW(3) WHERE id = ?`, [ticket.id]);
      const refused = await send(c, ticket.id, 'after the close');
      expect(refused).toMatchObject({ ok: false, error: { code: 'TICKET_CLOSED' } });
      expect(stats().staleGuesses).toBe(before.staleGuesses + 1);
      expect(await storedSeqs(ticket.id)).toEqual([1, 2]);
      const [[row]]: any = await sql.query('SELECT last_seq, status FROM tickets WHERE id = ?', [ticket.id]);
      expect(row).toEqual({ last_seq: 2, status: 'CLOSED' });
    });

    it('an agent replaced elsewhere is refused although this process remembers them as the agent; the customer still writes', async () => {
      const { ticket, c, a } = await assignedTicket();
      expect((await send(a, ticket.id, 'one')).ok).toBe(true);
      expect((await send(c, ticket.id, 'two')).ok).toBe(true);
      const other = (await api.createAgent(admin.token)) as unknown as Session;
      await behindItsBack('UPDATE tickets SET agent_id = ? WHERE id = ?', [other.user.id, ticket.id]);
      const [old, fromCustomer] = await Promise.all([send(a, ticket.id, 'not mine any more'), send(c, ticket.id, 'three')]);
      expect(old).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(fromCustomer.ok).toBe(true);
      expect(fromCustomer.message.seq).toBe(3);
      expect(await storedSeqs(ticket.id)).toEqual([1, 2, 3]);
    });

    it("the store's connections turn a failed guard into an error even where the server is not strict", async () => {
      const [[{ mode }]]: any = await sql.query('SELECT @@GLOBAL.sql_mode AS mode');
      // Each of the store's connections sets its own session mode; read it back through one of them.
      const factory = MysqlBatchTxFactory.from(t.app.get(DataSource), 1);
      try {
        const tx = await factory.open();
        const [row] = await tx.query<{ mode: string }>({ sql: 'SELECT @@SESSION.sql_mode AS mode', params: [] });
        tx.release();
        expect(row.mode.split(',')).toContain('STRICT_ALL_TABLES');
        expect(row.mode.split(',')).toEqual(expect.arrayContaining(String(mode).split(',').filter(Boolean)));
      } finally {
        await factory.close();
      }
    });
  });
});

describe('message store: group commit on the embedded SQLite database', () => {
  it('stores concurrent sends gap-free, answers a repeated clientId with the first message, records the first response', async () => {
    const sqlite = await startApp({ sqlite: true });
    const sockets: ChatClient[] = [];
    try {
      const { url } = sqlite;
      const api = new Api(url);
      const admin = await api.login(sqlite.admin.email, sqlite.admin.password);
      const customer = await api.registerCustomer();
      const agent = (await api.createAgent(admin.token)) as unknown as Session;
      const ticket = await api.raiseTicket(customer.token);
      await api.assign(admin.token, ticket.id, agent.user.id);
      const c = await connect(url, customer.token);
      const a = await connect(url, agent.token);
      sockets.push(c, a);
      const repeated = newClientId();
      const answers = await Promise.all(
        [...Array(60).keys()].map((i) =>
          ack(
            i % 3 === 2 ? a : c,
            'message:send',
            { ticketId: ticket.id, clientId: i === 10 || i === 40 ? repeated : newClientId(), body: `m${i}` },
            20_000,
          ),
        ),
      );
      expect(answers.every((x) => x.ok)).toBe(true);
      expect(answers[10].message.id).toBe(answers[40].message.id);
      expect(
        answers
          .map((x) => x.message.seq)
          .sort((x, y) => x - y)
          .filter((s, i, all) => all.indexOf(s) === i),
      ).toEqual([...Array(59).keys()].map((i) => i + 1));
      const again = await api.post(`/tickets/${ticket.id}/messages`, { clientId: repeated, body: 'again' }, customer.token).expect(200);
      expect(again.body.id).toBe(answers[10].message.id);
      const history = await api.get(`/tickets/${ticket.id}/messages?limit=200`, customer.token).expect(200);
      expect(history.body.items.map((m: MessageDto) => m.seq)).toEqual([...Array(59).keys()].map((i) => i + 1));
      expect(history.body.items[0].createdAt).toMatch(/Z$/);
      const detail = await api.get(`/tickets/${ticket.id}`, customer.token).expect(200);
      expect(detail.body.firstResponseAt).not.toBeNull();
      // The join's own queries agree with the REST API on SQLite too.
      const joined = await ack(c, 'ticket:join', { ticketId: ticket.id, afterSeq: 50 });
      expect(joined.ticket).toEqual(detail.body);
      expect(joined.messages).toEqual(history.body.items.slice(50));
      const waiting = await api.raiseTicket(customer.token);
      const joinedOpen = await ack(c, 'ticket:join', { ticketId: waiting.id });
      expect(joinedOpen.ticket).toEqual((await api.get(`/tickets/${waiting.id}`, customer.token).expect(200)).body);
      // Each sender's read marker moved to their own message: the customer has unread only the agent's later ones.
      const lastOwn = Math.max(
        ...history.body.items.filter((m: MessageDto) => m.sender.id === customer.user.id).map((m: MessageDto) => m.seq),
      );
      expect(detail.body.unread).toBe(59 - lastOwn);
    } finally {
      sockets.forEach((s) => s.close());
      await sqlite.close();
    }
  });
});

describe('message store: STORE_BATCH_INTERVAL_MS', () => {
  const interval = 100; // the most the setting allows
  const f = useTestApp({ env: { STORE_BATCH_INTERVAL_MS: String(interval), STORE_LANES: '1' } });

  it('stores a message sent after a quiet spell at once, and the sends that follow within the interval together in one transaction', async () => {
    const { ticket, c, a } = await onlineChat(f.api, f.admin.token, f.online);
    const stats = () => f.t.app.get(AddressColumnService).storeStats;
    await sleep(interval + 100); // a quiet spell

    const quiet = performance.now();
    const first = await ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'after a quiet spell' });
    expect(first.ok).toBe(true);
    expect(performance.now() - quiet).toBeLessThan(interval / 2);

    // Two sends 20 ms apart (on two sockets), right after the first transaction: both wait for the interval and share one transaction.
    const batches = stats().batches;
    const agentSends = ack(a, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'right after' });
    await sleep(20);
    const customerSends = ack(c, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: '20 ms later' });
    const answers = await Promise.all([agentSends, customerSends]);
    expect(answers.map((x) => x.ok && x.message.seq)).toEqual([2, 3]);
    expect(stats().batches - batches).toBe(1);
    expect(performance.now() - quiet).toBeGreaterThanOrEqual(interval - 1);
  });
});
