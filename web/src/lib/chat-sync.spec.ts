import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Ack, JoinAnswer, MessageDto, SendPayload, TicketDto } from '@ccr/shared';
import { ChatSync, type ChatTransport, type Sender } from './chat-sync';
import { MemoryStorage, SharedStorage } from './memory-storage';
import { localOutbox, outboxKey, outboxMessageKey } from './outbox-store';

const T = 'ticket-1';
const ME: Sender = { id: 'me', role: 'CUSTOMER', firstName: 'Carla' };
const THEM: Sender = { id: 'them', role: 'AGENT', firstName: 'Andy' };

function msg(seq: number, sender: Sender = THEM, clientId = `c-${sender.id}-${seq}`, body = `message ${seq}`): MessageDto {
  return { id: `m-${seq}`, ticketId: T, seq, clientId, sender, body, createdAt: new Date(2026, 0, 1, 12, seq).toISOString() };
}

const ticket = {
  id: T,
  status: 'ASSIGNED',
  lastSeq: 0,
  customer: { id: ME.id, firstName: 'Carla', lastName: 'C' },
  agent: null,
} as TicketDto;

/** An in-memory server: stores messages with gap-free seq, idempotent by (sender, clientId). */
class FakeServer {
  stored: MessageDto[] = [];
  connected = true;
  joins: (number | undefined)[] = [];
  sends: SendPayload[] = [];
  /** When set, sends are stored but their acks never arrive (a dropped connection). */
  dropAcks = false;
  /** When set, sends never reach the server at all. */
  loseSends = false;
  /** How far the other side has read, as the join answers it. */
  peerReadSeq = 0;
  /** The ticket as the join answers it. */
  ticket = ticket;
  /** When set, every send is refused with this error (nothing is stored). */
  refusal: { code: string; message: string } | null = null;

  store(sender: Sender, clientId: string, body: string): MessageDto {
    const existing = this.stored.find((m) => m.sender.id === sender.id && m.clientId === clientId);
    if (existing) return existing;
    const m = { ...msg(this.stored.length + 1, sender, clientId, body), id: `m-${clientId}` };
    this.stored.push(m);
    return m;
  }

  transport(): ChatTransport {
    return {
      isConnected: () => this.connected,
      join: async (_ticketId, afterSeq) => {
        this.joins.push(afterSeq);
        return {
          ok: true,
          ticket: this.ticket,
          messages: this.stored.filter((m) => m.seq > (afterSeq ?? 0)),
          peerReadSeq: this.peerReadSeq,
        } as Ack<JoinAnswer>;
      },
      leave: async () => ({ ok: true }),
      send: (payload) => {
        this.sends.push(payload);
        if (this.refusal) return Promise.resolve({ ok: false, error: this.refusal } as Ack<{ message: MessageDto }>);
        if (this.loseSends) return new Promise<never>(() => undefined);
        const m = this.store(ME, payload.clientId, payload.body);
        if (this.dropAcks) return new Promise<never>(() => undefined);
        return Promise.resolve({ ok: true, message: m } as Ack<{ message: MessageDto }>);
      },
      fetchAfter: async (_ticketId, afterSeq) => this.stored.filter((m) => m.seq > afterSeq),
    };
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('ChatSync', () => {
  let server: FakeServer;
  let sync: ChatSync;
  let ids: number;

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    ids = 0;
    sync = new ChatSync(server.transport(), { me: () => ME, newClientId: () => `client-${++ids}`, retryDelayMs: 1000 });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('loads the history on join and merges live messages by seq without duplicates', async () => {
    server.store(THEM, 'a', 'hello');
    await sync.join(T);
    expect(sync.snapshot(T).items.map((i) => i.seq)).toEqual([1]);

    const second = server.store(THEM, 'b', 'there');
    sync.receive(second);
    sync.receive(second);
    expect(sync.snapshot(T).items.map((i) => i.body)).toEqual(['hello', 'there']);
    expect(sync.snapshot(T).lastSeq).toBe(2);
  });

  it('shows the messages already on screen under a new name when their sender is renamed', async () => {
    server.store(THEM, 'a', 'hello');
    server.store(ME, 'b', 'hi');
    await sync.join(T);
    const seen: string[][] = [];
    sync.subscribe(T, (snap) => seen.push(snap.items.map((i) => i.sender.firstName)));
    sync.renamePerson({ userId: THEM.id, firstName: 'Andrea', lastName: 'Agent' });
    expect(sync.snapshot(T).items.map((i) => i.sender.firstName)).toEqual(['Andrea', 'Carla']);
    expect(seen.at(-1)).toEqual(['Andrea', 'Carla']);
    // Later messages from the server carry the new name anyway; someone else's rename changes nothing.
    const count = seen.length;
    sync.renamePerson({ userId: 'stranger', firstName: 'S', lastName: 'S' });
    expect(seen).toHaveLength(count);
  });

  it('shows a sent message as sending, then as sent once acknowledged, exactly once', async () => {
    await sync.join(T);
    server.dropAcks = true;
    const clientId = sync.send(T, 'hi');
    expect(sync.snapshot(T).items).toMatchObject([{ clientId, state: 'sending', seq: null, mine: true }]);

    // The broadcast of the stored message arrives before the ack: it replaces the outbox entry.
    sync.receive(server.stored[0]);
    expect(sync.snapshot(T).items).toMatchObject([{ clientId, state: 'sent', seq: 1 }]);
    expect(sync.snapshot(T).items).toHaveLength(1);
  });

  it('keeps unacknowledged messages across a reconnect and resends them with the same clientId', async () => {
    await sync.join(T);
    server.connected = false;
    const clientId = sync.send(T, 'written while offline');
    await flush();
    expect(server.sends).toHaveLength(0);
    expect(sync.snapshot(T).items[0].state).toBe('sending');

    // Meanwhile the other side wrote twice.
    server.store(THEM, 'x', 'one');
    server.store(THEM, 'y', 'two');

    server.connected = true;
    await sync.resync();
    await flush();
    expect(server.joins).toEqual([undefined, 0]);
    expect(server.sends.map((s) => s.clientId)).toEqual([clientId]);
    expect(sync.snapshot(T).items.map((i) => [i.seq, i.state])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
      [3, 'sent'],
    ]);
  });

  it('takes a stored message whose ack was lost from the rejoin, without sending it again', async () => {
    await sync.join(T);
    server.dropAcks = true;
    const clientId = sync.send(T, 'stored, ack lost');
    await flush();
    expect(server.stored).toHaveLength(1);

    server.dropAcks = false;
    await sync.resync();
    await flush();
    expect(server.stored).toHaveLength(1);
    expect(sync.snapshot(T).items).toHaveLength(1);
    expect(sync.snapshot(T).items[0]).toMatchObject({ seq: 1, state: 'sent', clientId });
  });

  it('resends an in-flight message lost on the wire after a reconnect, with the same clientId, once', async () => {
    await sync.join(T);
    server.loseSends = true;
    const clientId = sync.send(T, 'lost on the wire');
    await flush();
    expect(server.stored).toHaveLength(0);

    server.loseSends = false;
    await sync.resync();
    await flush();
    expect(server.sends.map((s) => s.clientId)).toEqual([clientId, clientId]);
    expect(server.stored).toHaveLength(1);
    expect(sync.snapshot(T).items).toHaveLength(1);
    expect(sync.snapshot(T).items[0]).toMatchObject({ seq: 1, state: 'sent', clientId });
  });

  it('resends after an ack timeout while still connected', async () => {
    await sync.join(T);
    const transport = server.transport();
    let calls = 0;
    const flaky = new ChatSync(
      {
        ...transport,
        send: (payload) => (++calls === 1 ? Promise.reject(new Error('operation has timed out')) : transport.send(payload)),
      },
      { me: () => ME, newClientId: () => 'c1', retryDelayMs: 1000 },
    );
    await flaky.join(T);
    flaky.send(T, 'slow');
    await flush();
    expect(flaky.snapshot(T).items[0].state).toBe('sending');
    jest.advanceTimersByTime(1000);
    await flush();
    expect(calls).toBe(2);
    expect(flaky.snapshot(T).items).toMatchObject([{ seq: 1, state: 'sent', clientId: 'c1' }]);
  });

  it('rejoins with afterSeq = the highest seq held without a gap, and fills gaps', async () => {
    server.store(THEM, 'a', 'one');
    await sync.join(T);
    server.store(THEM, 'b', 'two');
    const third = server.store(THEM, 'c', 'three');
    // seq 2 was missed: receiving 3 triggers a silent resync from 1.
    sync.receive(third);
    await flush();
    expect(server.joins).toEqual([undefined, 1]);
    expect(sync.snapshot(T).items.map((i) => i.seq)).toEqual([1, 2, 3]);
  });

  it('takes how far the other side has read from each (re)join, reads made while away included', async () => {
    server.store(ME, 'a', 'one');
    server.store(ME, 'b', 'two');
    expect(sync.snapshot(T).peerReadSeq).toBe(0);
    server.peerReadSeq = 1;
    await sync.join(T);
    expect(sync.snapshot(T).peerReadSeq).toBe(1);
    // They read the rest while the connection was down: the rejoin says so.
    server.connected = false;
    server.peerReadSeq = 2;
    server.connected = true;
    await sync.resync();
    expect(sync.snapshot(T).peerReadSeq).toBe(2);
  });

  it('on a reassignment forgets what the old agent had read and asks the join for the new one', async () => {
    server.store(ME, 'a', 'one');
    server.store(ME, 'b', 'two');
    server.peerReadSeq = 2;
    server.ticket = { ...ticket, agent: { id: 'them' } } as TicketDto;
    await sync.join(T);
    expect(sync.snapshot(T).peerReadSeq).toBe(2);
    // The same agent again (another change to the ticket): nothing to ask.
    const joins = server.joins.length;
    sync.updateTicket({ ...ticket, agent: { id: 'them' }, subject: 'renamed' } as TicketDto);
    await flush();
    expect(server.joins.length).toBe(joins);
    // Another agent takes the ticket: what the old one read says nothing; the join says what the new one read.
    server.peerReadSeq = 1;
    server.ticket = { ...ticket, agent: { id: 'someone-else' } } as TicketDto;
    sync.updateTicket(server.ticket);
    expect(sync.snapshot(T).peerReadSeq).toBe(0);
    await flush();
    expect(server.joins.length).toBe(joins + 1);
    expect(sync.snapshot(T).peerReadSeq).toBe(1);
  });

  it('marks a refused message as failed, and can retry or discard it', async () => {
    await sync.join(T);
    const transport = server.transport();
    const refusing = new ChatSync(
      { ...transport, send: async () => ({ ok: false, error: { code: 'TICKET_CLOSED', message: 'closed' } }) },
      { me: () => ME, newClientId: () => 'c1' },
    );
    await refusing.join(T);
    refusing.send(T, 'too late');
    await flush();
    expect(refusing.snapshot(T).items).toMatchObject([{ state: 'failed', error: 'closed' }]);
    refusing.discard(T, 'c1');
    expect(refusing.snapshot(T).items).toHaveLength(0);
  });

  it('notifies subscribers with a new snapshot on every change', async () => {
    const seen: number[] = [];
    const off = sync.subscribe(T, (s) => seen.push(s.items.length));
    await sync.join(T);
    sync.send(T, 'a');
    await flush();
    off();
    sync.send(T, 'b');
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
  });
});

describe('ChatSync with a persistent outbox', () => {
  const OTHER: Sender = { id: 'other', role: 'CUSTOMER', firstName: 'Olive' };
  let server: FakeServer;
  let storage: MemoryStorage;
  let ids: number;

  /** One page (tab) of the signed-in user `who`, on the shared server and the shared localStorage. */
  function page(who: Sender = ME, opts: { storage?: () => Storage | null } = {}): ChatSync {
    const sync = new ChatSync(server.transport(), {
      me: () => who,
      newClientId: () => `client-${++ids}`,
      now: () => new Date(2026, 0, 1, 12, 0, ids),
      retryDelayMs: 1000,
    });
    sync.attach(who.id, localOutbox(who.id, opts.storage ?? (() => storage)));
    return sync;
  }
  const stored = (userId = ME.id) => localOutbox(userId, () => storage).load();

  beforeEach(() => {
    // A few minutes after the messages' own clock (`now` above): refusals it records are fresh.
    jest.useFakeTimers({ now: new Date(2026, 0, 1, 12, 5) });
    server = new FakeServer();
    storage = new MemoryStorage();
    ids = 0;
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('keeps every unacknowledged message in storage under the user, and removes it on the ack', async () => {
    const sync = page();
    await sync.join(T);
    server.connected = false;
    const a = sync.send(T, 'one');
    const b = sync.send(T, 'two');
    await flush();
    expect(stored()).toEqual([
      { ticketId: T, clientId: a, body: 'one', createdAt: expect.any(String) },
      { ticketId: T, clientId: b, body: 'two', createdAt: expect.any(String) },
    ]);
    expect(storage.getItem(outboxMessageKey(ME.id, a))).not.toBeNull();

    server.connected = true;
    await sync.resync();
    await flush();
    expect(server.stored.map((m) => m.body)).toEqual(['one', 'two']);
    expect(stored()).toEqual([]);
    expect([...storage.items.keys()].filter((k) => k.startsWith(outboxKey(ME.id)))).toEqual([]);
  });

  it('removes a message when the broadcast of it arrives before the ack', async () => {
    const sync = page();
    await sync.join(T);
    server.dropAcks = true;
    sync.send(T, 'hi');
    await flush();
    expect(stored()).toHaveLength(1);
    sync.receive(server.stored[0]);
    expect(stored()).toEqual([]);
  });

  it('restores a closed page’s messages into their threads as sending, in order, and resends them with their clientIds once connected', async () => {
    server.connected = false;
    const closed = page();
    const sent = [closed.send(T, 'first'), closed.send(T, 'second'), closed.send(T, 'third')];
    await flush();
    expect(server.sends).toHaveLength(0);

    // A new page of the same user, before it is connected: the messages wait, shown as sending, without a join.
    const next = page();
    expect(next.pendingCount()).toBe(3);
    expect(next.isJoined(T)).toBe(false);
    expect(next.snapshot(T).items.map((i) => [i.clientId, i.body, i.state, i.mine])).toEqual([
      [sent[0], 'first', 'sending', true],
      [sent[1], 'second', 'sending', true],
      [sent[2], 'third', 'sending', true],
    ]);

    server.connected = true;
    await next.resync();
    await flush();
    expect(server.sends.map((s) => s.clientId)).toEqual(sent);
    expect(server.stored.map((m) => m.body)).toEqual(['first', 'second', 'third']);
    expect(next.pendingCount()).toBe(0);
    expect(stored()).toEqual([]);
    // The chat opened now shows each message once, as sent.
    await next.join(T);
    expect(next.snapshot(T).items.map((i) => [i.body, i.state])).toEqual([
      ['first', 'sent'],
      ['second', 'sent'],
      ['third', 'sent'],
    ]);
  });

  it('restores each message into its own ticket’s thread', () => {
    server.connected = false;
    const closed = page();
    closed.send(T, 'here');
    closed.send('ticket-2', 'there');
    const next = page();
    expect(next.snapshot(T).items.map((i) => i.body)).toEqual(['here']);
    expect(next.snapshot('ticket-2').items.map((i) => i.body)).toEqual(['there']);
  });

  it('shows restored messages in an open chat once, after what the server already holds', async () => {
    server.store(THEM, 'x', 'agent wrote');
    server.connected = false;
    const closed = page();
    await closed.join(T);
    closed.send(T, 'mine');
    await flush();

    const next = page();
    server.connected = true;
    await next.join(T);
    await next.resync();
    await flush();
    expect(next.snapshot(T).items.map((i) => [i.seq, i.body, i.state])).toEqual([
      [1, 'agent wrote', 'sent'],
      [2, 'mine', 'sent'],
    ]);
    expect(server.sends).toHaveLength(1);
  });

  it('never shows or sends one user’s messages as another user', async () => {
    server.connected = false;
    page(ME).send(T, 'private words');
    await flush();

    const other = page(OTHER);
    expect(other.pendingCount()).toBe(0);
    expect(other.snapshot(T).items).toEqual([]);
    server.connected = true;
    await other.resync();
    await flush();
    expect(server.sends).toHaveLength(0);

    // The same page after a sign-out and a sign-in as someone else holds nothing of the first user.
    const shared = page(ME);
    expect(shared.pendingCount()).toBe(1);
    shared.reset();
    shared.attach(
      OTHER.id,
      localOutbox(OTHER.id, () => storage),
    );
    expect(shared.pendingCount()).toBe(0);
    expect(shared.snapshot(T).items).toEqual([]);
    // The first user's message is still kept for their next visit.
    expect(stored(ME.id).map((m) => m.body)).toEqual(['private words']);
  });

  it('forgets the previous user when another one is attached without a reset', () => {
    server.connected = false;
    const shared = page(ME);
    shared.send(T, 'mine');
    shared.attach(
      OTHER.id,
      localOutbox(OTHER.id, () => storage),
    );
    expect(shared.snapshot(T).items).toEqual([]);
    expect(stored(ME.id)).toHaveLength(1);
  });

  it('with two tabs of one user, stores each message once and shows it once in each tab', async () => {
    const tabA = page();
    await tabA.join(T);
    server.connected = false;
    tabA.send(T, 'one');
    tabA.send(T, 'two');
    await flush();
    // The second tab opens while offline (it takes over tab A's messages) and shows the chat too.
    const tabB = page();
    await tabB.join(T);
    expect(tabB.snapshot(T).items.map((i) => i.body)).toEqual(['one', 'two']);

    server.connected = true;
    await Promise.all([tabA.resync(), tabB.resync()]);
    await flush();
    for (const m of server.stored) tabB.receive(m);
    expect(server.stored.map((m) => m.body)).toEqual(['one', 'two']);
    for (const tab of [tabA, tabB]) {
      expect(tab.snapshot(T).items.map((i) => [i.seq, i.body, i.state])).toEqual([
        [1, 'one', 'sent'],
        [2, 'two', 'sent'],
      ]);
    }
    expect(stored()).toEqual([]);
  });

  it('takes over on reconnect what another tab left in storage meanwhile', async () => {
    const tabB = page();
    server.connected = false;
    const tabA = page();
    const clientId = tabA.send(T, 'left by a closed tab');
    await flush();
    expect(tabB.pendingCount()).toBe(0);

    server.connected = true;
    await tabB.resync();
    await flush();
    expect(server.sends.map((s) => s.clientId)).toEqual([clientId]);
    expect(server.stored.map((m) => m.body)).toEqual(['left by a closed tab']);
    expect(stored()).toEqual([]);
  });

  it('keeps a refused message stored, marked refused, until the user discards it', async () => {
    const sync = new ChatSync(
      { ...server.transport(), send: async () => ({ ok: false, error: { code: 'TICKET_CLOSED', message: 'closed' } }) },
      { me: () => ME, newClientId: () => 'c1' },
    );
    sync.attach(
      ME.id,
      localOutbox(ME.id, () => storage),
    );
    await sync.join(T);
    sync.send(T, 'too late');
    await flush();
    expect(sync.snapshot(T).items).toMatchObject([{ state: 'failed' }]);
    expect(stored()).toEqual([
      {
        ticketId: T,
        clientId: 'c1',
        body: 'too late',
        createdAt: expect.any(String),
        refused: { error: 'closed', at: expect.any(String) },
      },
    ]);
    expect(sync.unsent()).toEqual({ waiting: 0, refused: 1 });
    sync.discard(T, 'c1');
    expect(stored()).toEqual([]);
  });

  it('shows a refused message on later pages as not sent, and sends it again only when the user retries it', async () => {
    server.refusal = { code: 'FORBIDDEN', message: 'This ticket is not assigned to you' };
    const first = page();
    await first.join(T);
    const clientId = first.send(T, 'refused once');
    await flush();
    expect(server.sends).toHaveLength(1);

    // Every later page, connected or reconnecting, shows it to copy, retry or discard, and does not send it.
    const next = page();
    expect(next.snapshot(T).items).toMatchObject([
      { clientId, body: 'refused once', state: 'failed', error: 'This ticket is not assigned to you' },
    ]);
    await next.join(T);
    await next.resync();
    await flush();
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(server.sends).toHaveLength(1);
    expect(next.pendingCount()).toBe(0);
    expect(next.unsent()).toEqual({ waiting: 0, refused: 1 });

    // Given back to the agent, the user retries it: it goes out with its clientId, and is gone from storage.
    server.refusal = null;
    next.retry(T, clientId);
    await flush();
    expect(server.sends.map((s) => s.clientId)).toEqual([clientId, clientId]);
    expect(next.snapshot(T).items).toMatchObject([{ clientId, state: 'sent', seq: 1 }]);
    expect(stored()).toEqual([]);
  });

  it('discards every refused message of a ticket at once, here and in storage, and peeks without starting a thread', async () => {
    let n = 0;
    const sync = new ChatSync(
      { ...server.transport(), send: async () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'not yours' } }) },
      { me: () => ME, newClientId: () => `c${++n}` },
    );
    sync.attach(
      ME.id,
      localOutbox(ME.id, () => storage),
    );
    expect(sync.peek(T)).toBeNull();
    await sync.join(T);
    sync.send(T, 'one');
    sync.send(T, 'two');
    await flush();
    expect(sync.peek(T)?.items.map((i) => i.state)).toEqual(['failed', 'failed']);
    sync.discardFailed(T);
    expect(sync.snapshot(T).items).toEqual([]);
    expect(stored()).toEqual([]);
    expect(sync.peek('another-ticket')).toBeNull();
  });

  it('counts and discards everything unsent, in this tab and in storage (a confirmed sign-out)', async () => {
    server.connected = false;
    page().send(T, 'from a closed tab');
    const sync = page();
    sync.send('ticket-2', 'from this tab');
    await flush();
    // A message stored by another tab after this one last looked counts too.
    page().send(T, 'from a tab still open');
    expect(sync.unsent()).toEqual({ waiting: 3, refused: 0 });
    sync.discardUnsent();
    expect(sync.unsent()).toEqual({ waiting: 0, refused: 0 });
    expect(sync.pendingCount()).toBe(0);
    expect([...storage.items.keys()].filter((k) => k.startsWith(outboxKey(ME.id)))).toEqual([]);
  });

  it('never sends a signed-out user’s message when its resend comes due after someone else signed in', async () => {
    const transport = server.transport();
    let calls = 0;
    const sync = new ChatSync(
      { ...transport, send: (payload) => (++calls === 1 ? Promise.reject(new Error('operation has timed out')) : transport.send(payload)) },
      { me: () => ME, retryDelayMs: 1000 },
    );
    sync.attach(
      ME.id,
      localOutbox(ME.id, () => storage),
    );
    sync.send(T, 'mine only');
    await flush();
    // A resend is due in a second; meanwhile ME signs out and OTHER signs in on the same page.
    sync.reset();
    sync.attach(
      OTHER.id,
      localOutbox(OTHER.id, () => storage),
    );
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(calls).toBe(1);
    expect(server.stored).toEqual([]);
    expect(stored(ME.id).map((m) => m.body)).toEqual(['mine only']);
  });

  it('works in memory when storage is unavailable or full', async () => {
    for (const unavailable of [() => null, () => Object.assign(new MemoryStorage(), { full: true })]) {
      server = new FakeServer();
      const sync = page(ME, { storage: unavailable });
      await sync.join(T);
      server.connected = false;
      expect(() => sync.send(T, 'kept in memory')).not.toThrow();
      await flush();
      expect(sync.snapshot(T).items).toMatchObject([{ body: 'kept in memory', state: 'sending' }]);
      server.connected = true;
      await sync.resync();
      await flush();
      expect(sync.snapshot(T).items).toMatchObject([{ body: 'kept in memory', state: 'sent', seq: 1 }]);
    }
  });

  describe('in two open tabs of one user', () => {
    const GRACE = 2000;
    let browser: SharedStorage;

    /** A tab of `who` in the shared browser: its ChatSync, connected while the server is, until it is closed. */
    function tab(who: Sender = ME): { sync: ChatSync; close(): void } {
      const view = browser.tab();
      let open = true;
      const sync = new ChatSync(
        { ...server.transport(), isConnected: () => open && server.connected },
        {
          me: () => who,
          newClientId: () => `client-${++ids}`,
          now: () => new Date(2026, 0, 1, 12, 0, ids),
          retryDelayMs: 1000,
          takeOverDelayMs: GRACE,
        },
      );
      sync.attach(
        who.id,
        localOutbox(who.id, () => view.storage, { events: () => view.window }),
      );
      return {
        sync,
        close: () => {
          open = false;
          view.close();
        },
      };
    }
    const shown = (sync: ChatSync) => sync.snapshot(T).items.map((i) => [i.body, i.state]);

    beforeEach(() => {
      browser = new SharedStorage();
    });

    it('shows a message written in the other tab at once as sending, between its own by when each was written', async () => {
      const a = tab();
      const b = tab();
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      server.connected = false;
      a.sync.send(T, 'first, in A');
      await flush();
      expect(shown(b.sync)).toEqual([['first, in A', 'sending']]);
      b.sync.send(T, 'second, in B');
      a.sync.send(T, 'third, in A');
      await flush();
      for (const t of [a, b]) {
        expect(shown(t.sync)).toEqual([
          ['first, in A', 'sending'],
          ['second, in B', 'sending'],
          ['third, in A', 'sending'],
        ]);
      }
      // Closing a tab asks only about what it has to send itself: the other tab, still open, sends its own.
      expect(b.sync.pendingCount()).toBe(1);
      expect(a.sync.pendingCount()).toBe(2);
    });

    it('counts another tab’s message as its own to send once it has tried to send it itself', async () => {
      const a = tab();
      const b = tab();
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      server.loseSends = true;
      a.sync.send(T, 'lost on the way');
      await flush();
      expect(b.sync.pendingCount()).toBe(0);
      a.close();
      jest.advanceTimersByTime(GRACE);
      await flush();
      // B has sent it (the link still loses it): closing B now leaves it for the next visit, so B asks.
      expect(server.sends).toHaveLength(2);
      expect(b.sync.pendingCount()).toBe(1);
      // A page opened after A closed holds what A left as its own.
      expect(tab().sync.pendingCount()).toBe(1);
    });

    it('tells its listeners which chats took over messages from the other tab, until they stop listening', async () => {
      const a = tab();
      const b = tab();
      const chats: string[] = [];
      const stop = b.sync.onTakeOver((ticketId) => chats.push(ticketId));
      server.connected = false;
      a.sync.send(T, 'here');
      a.sync.send('ticket-2', 'there');
      await flush();
      expect(chats).toEqual([T, 'ticket-2']);
      stop();
      a.sync.send(T, 'again');
      await flush();
      expect(chats).toEqual([T, 'ticket-2']);
    });

    it('leaves a message to the tab that wrote it, and sends it itself only if it still waits after the grace period', async () => {
      const a = tab();
      const b = tab();
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      // A's send never arrives (a dying link): B shows the message, but does not send it at once.
      server.loseSends = true;
      const clientId = a.sync.send(T, 'lost on the way');
      await flush();
      expect(shown(b.sync)).toEqual([['lost on the way', 'sending']]);
      expect(server.sends).toHaveLength(1);
      jest.advanceTimersByTime(GRACE - 1);
      await flush();
      expect(server.sends).toHaveLength(1);

      // A is closed; the grace period over, B sends it with the same clientId, once.
      a.close();
      server.loseSends = false;
      jest.advanceTimersByTime(1);
      await flush();
      expect(server.sends.map((s) => s.clientId)).toEqual([clientId, clientId]);
      expect(server.stored.map((m) => m.body)).toEqual(['lost on the way']);
      expect(shown(b.sync)).toEqual([['lost on the way', 'sent']]);
      expect(localOutbox(ME.id, () => browser.memory).load()).toEqual([]);
    });

    it('does not send what the other tab got through, and never drops it from view before the stored message shows', async () => {
      const a = tab();
      const b = tab();
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      const seen: string[][] = [];
      b.sync.subscribe(T, (snap) => seen.push(snap.items.map((i) => i.state)));
      server.dropAcks = true;
      a.sync.send(T, 'hello');
      await flush();
      expect(shown(b.sync)).toEqual([['hello', 'sending']]);

      // A learns it is stored (its broadcast) and takes it out of the store; B's arrives a moment later.
      a.sync.receive(server.stored[0]);
      await flush();
      expect(shown(b.sync)).toEqual([['hello', 'sending']]);
      b.sync.receive(server.stored[0]);
      expect(shown(b.sync)).toEqual([['hello', 'sent']]);
      jest.advanceTimersByTime(GRACE * 5);
      await flush();
      expect(server.sends).toHaveLength(1);
      // From its first showing on, B never showed the thread without it.
      expect(seen.slice(seen.findIndex((s) => s.length > 0))).not.toContainEqual([]);
    });

    it('shows a refusal, a retry and a discard made in the other tab', async () => {
      const a = tab();
      const b = tab();
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      server.refusal = { code: 'TICKET_CLOSED', message: 'This ticket is closed' };
      const clientId = a.sync.send(T, 'too late');
      await flush();
      expect(b.sync.snapshot(T).items).toMatchObject([{ body: 'too late', state: 'failed', error: 'This ticket is closed' }]);
      jest.advanceTimersByTime(GRACE * 5);
      await flush();
      expect(server.sends).toHaveLength(1);

      // Retried in B: A shows it as sending again, then as refused again.
      const inA: string[] = [];
      a.sync.subscribe(T, (snap) => inA.push(snap.items.map((i) => i.state).join()));
      b.sync.retry(T, clientId);
      expect(b.sync.snapshot(T).items).toMatchObject([{ state: 'sending' }]);
      await flush();
      expect(inA).toEqual(['failed', 'sending', 'failed']);
      expect(server.sends).toHaveLength(2);
      expect(shown(a.sync)).toEqual([['too late', 'failed']]);
      expect(shown(b.sync)).toEqual([['too late', 'failed']]);

      // Discarded in A: gone from B too, and from the store.
      a.sync.discard(T, clientId);
      await flush();
      expect(shown(b.sync)).toEqual([]);
      expect(b.sync.unsent()).toEqual({ waiting: 0, refused: 0 });
    });

    it('ignores other users’ outboxes, and stops following at sign-out', async () => {
      const b = tab();
      server.connected = false;
      tab(OTHER).sync.send(T, 'someone else’s');
      await flush();
      expect(b.sync.snapshot(T).items).toEqual([]);

      // Another tab of the user signs out with their agreement: a refused message goes, one on its way stays until this tab signs out too.
      server.refusal = { code: 'TICKET_CLOSED', message: 'This ticket is closed' };
      server.connected = true;
      const a = tab();
      a.sync.send(T, 'refused');
      await flush();
      server.refusal = null;
      server.connected = false;
      a.sync.send(T, 'waiting');
      await flush();
      expect(shown(b.sync)).toEqual([
        ['refused', 'failed'],
        ['waiting', 'sending'],
      ]);
      a.sync.discardUnsent();
      await flush();
      expect(shown(b.sync)).toEqual([['waiting', 'sending']]);
      b.sync.reset();
      tab().sync.send(T, 'after the sign-out');
      await flush();
      expect(b.sync.snapshot(T).items).toEqual([]);
    });

    it('follows a clear of the whole of localStorage in another tab', async () => {
      const a = tab();
      const b = tab();
      server.refusal = { code: 'VALIDATION', message: 'Too long' };
      await Promise.all([a.sync.join(T), b.sync.join(T)]);
      a.sync.send(T, 'refused');
      await flush();
      expect(shown(b.sync)).toEqual([['refused', 'failed']]);
      browser.tab().storage.clear();
      await flush();
      expect(shown(b.sync)).toEqual([]);
    });
  });
});
