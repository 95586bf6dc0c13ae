/**
 * The message-delivery logic of the chat, kept free of Svelte and the DOM so it can be
 * unit-tested with a fake transport.
 *
 * - Stored messages are merged by `seq` and never duplicated (dedupe by id and by
 *   sender + clientId).
 * - Every message the user sends gets a clientId when they press send and waits in an
 *   outbox ("sending…") until the server acknowledges it; after a reconnect it is resent
 *   with the same clientId, which the server answers with the already stored message.
 * - On (re)connect every joined ticket is rejoined with `afterSeq` = the highest seq held
 *   without a gap, so the server sends exactly what was missed.
 * - The outbox is also kept in the signed-in user's `OutboxStore` (localStorage) until each
 *   message is acknowledged or discarded: a page that is closed or reloaded before then
 *   leaves its messages there, and the next page of that user takes them over and resends
 *   them with their clientIds, whether or not their tickets are open.
 * - Other open pages of the user follow that store live: a message written in one tab shows
 *   in the others at once as "sending…", a refusal, a retry or a discard there shows here, and
 *   a message left by a tab that closed is sent from here (see `sendLater`).
 * - A message refused with a final error is marked so in the store: every page shows it as not
 *   sent, to copy, retry or discard, and none sends it again until the user retries it.
 */
import { ErrorCode, LIMITS } from '@ccr/shared';
import type { Ack, JoinAnswer, MessageDto, PersonRenamedEvent, SendPayload, TicketDto } from '@ccr/shared';
import type { OutboxStore, PendingMessage } from './outbox-store';
import { withPersonRenamed } from './ticket-presence';

export interface ChatTransport {
  isConnected(): boolean;
  join(ticketId: string, afterSeq?: number): Promise<Ack<JoinAnswer>>;
  leave(ticketId: string): Promise<unknown>;
  send(payload: SendPayload): Promise<Ack<{ message: MessageDto }>>;
  /** Messages with seq > afterSeq over REST, ascending; used while offline and for long backlogs. */
  fetchAfter(ticketId: string, afterSeq: number, limit: number): Promise<MessageDto[]>;
}

export type ChatItemState = 'sent' | 'sending' | 'failed';

export interface ChatItem {
  /** Stable across the sending → sent transition: sender id + clientId. */
  key: string;
  id: string | null;
  seq: number | null;
  clientId: string;
  body: string;
  sender: MessageDto['sender'];
  createdAt: string;
  mine: boolean;
  state: ChatItemState;
  error: string | null;
}

export interface ThreadSnapshot {
  ticketId: string;
  items: readonly ChatItem[];
  /** Highest stored seq held. */
  lastSeq: number;
  /** True once the history has been loaded at least once. */
  loaded: boolean;
  /** The ticket as the last join answered it. */
  ticket: TicketDto | null;
  /** How far the other side had read when the last join answered (0 until then; `message:read` events go beyond it). */
  peerReadSeq: number;
  error: string | null;
}

interface OutboxEntry {
  clientId: string;
  body: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error: string | null;
  inFlight: boolean;
  /** Counts sends; a late answer to an older attempt must not clear a newer one's flag. */
  attempt: number;
  /** Where the entry is kept until acknowledged: its sender's store, even after a sign-out. */
  store: OutboxStore | null;
  /** Whether the store holds it (storage may be missing or full): only then does its absence there say anything. */
  kept: boolean;
  /**
   * Whether this page is the one to deliver it: written or retried here, or left by a page that had
   * closed when this one loaded. A message another open tab just wrote is that tab's until this one
   * tries to send it (see `sendLater`); closing this tab does not ask about it.
   */
  mine: boolean;
}

/** The entry is acknowledged (or given up): nothing is left to resend. */
function settle(entry: OutboxEntry): void {
  entry.store?.remove(entry.clientId);
}

type Listener = (snapshot: ThreadSnapshot) => void;

/** Errors after which resending the same message cannot succeed. */
const FINAL_SEND_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.VALIDATION,
  ErrorCode.TICKET_CLOSED,
  ErrorCode.NOT_FOUND,
  ErrorCode.FORBIDDEN,
  ErrorCode.RATE_LIMITED,
]);

/**
 * How long a message another tab wrote is left to that tab (see `sendLater`): longer than a healthy
 * acknowledgement takes, shorter than the socket's acknowledgement timeout (6 s, socket.svelte.ts).
 */
const TAKE_OVER_DELAY_MS = 5_000;

class Thread {
  readonly bySeq = new Map<number, MessageDto>();
  readonly ids = new Set<string>();
  readonly outbox: OutboxEntry[] = [];
  /** Seq below which every message is held (the history before `base` is not wanted). */
  contiguous = 0;
  lastSeq = 0;
  loaded = false;
  refs = 0;
  ticket: TicketDto | null = null;
  peerReadSeq = 0;
  error: string | null = null;
  syncing: Promise<void> | null = null;
  syncAgain = false;
  resendPending = false;
  snapshot: ThreadSnapshot | null = null;

  constructor(readonly ticketId: string) {}

  /** Adds stored messages; answers whether anything changed. */
  merge(messages: readonly MessageDto[], me: string | null): boolean {
    let changed = false;
    for (const m of messages) {
      if (m.ticketId !== this.ticketId || this.ids.has(m.id) || this.bySeq.has(m.seq)) {
        continue;
      }
      this.bySeq.set(m.seq, m);
      this.ids.add(m.id);
      if (m.seq > this.lastSeq) this.lastSeq = m.seq;
      if (m.sender.id === me) {
        const i = this.outbox.findIndex((o) => o.clientId === m.clientId);
        if (i >= 0) settle(this.outbox.splice(i, 1)[0]);
      }
      changed = true;
    }
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous++;
    if (changed) this.snapshot = null;
    return changed;
  }

  /** A first load may start after seq 1 (a capped backlog): treat what precedes it as held. */
  setBase(messages: readonly MessageDto[]): void {
    if (this.loaded || messages.length === 0) return;
    const min = Math.min(...messages.map((m) => m.seq));
    if (min - 1 > this.contiguous) this.contiguous = min - 1;
  }

  /** Whether this message of `me` is already here, stored or waiting. */
  holds(me: string | null, clientId: string): boolean {
    if (this.outbox.some((o) => o.clientId === clientId)) return true;
    for (const m of this.bySeq.values()) if (m.clientId === clientId && m.sender.id === me) return true;
    return false;
  }

  hasGapBefore(seq: number): boolean {
    return this.loaded && seq > this.contiguous + 1;
  }

  view(me: string | null, meSender: Sender | null): ThreadSnapshot {
    if (this.snapshot) return this.snapshot;
    const stored = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    const items: ChatItem[] = stored.map((m) => ({
      key: `${m.sender.id}:${m.clientId}`,
      id: m.id,
      seq: m.seq,
      clientId: m.clientId,
      body: m.body,
      sender: m.sender,
      createdAt: m.createdAt,
      mine: m.sender.id === me,
      state: 'sent',
      error: null,
    }));
    for (const o of this.outbox) {
      items.push({
        key: `${me ?? 'me'}:${o.clientId}`,
        id: null,
        seq: null,
        clientId: o.clientId,
        body: o.body,
        sender: meSender ?? { id: me ?? '', role: 'CUSTOMER', firstName: '' },
        createdAt: o.createdAt,
        mine: true,
        state: o.state,
        error: o.error,
      });
    }
    this.snapshot = {
      ticketId: this.ticketId,
      items,
      lastSeq: this.lastSeq,
      loaded: this.loaded,
      ticket: this.ticket,
      peerReadSeq: this.peerReadSeq,
      error: this.error,
    };
    return this.snapshot;
  }

  touch(): void {
    this.snapshot = null;
  }
}

export type Sender = MessageDto['sender'];

export interface ChatSyncOptions {
  /** The signed-in user (outbox entries are matched to stored messages by sender id + clientId). */
  me: () => Sender | null;
  /** Delay before resending a message whose acknowledgement timed out while still connected. */
  retryDelayMs?: number;
  /** How long a message another tab wrote is left to that tab before this one sends it (see `sendLater`). */
  takeOverDelayMs?: number;
  newClientId?: () => string;
  now?: () => Date;
}

export class ChatSync {
  private readonly threads = new Map<string, Thread>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly newClientId: () => string;
  private readonly now: () => Date;
  /** The user whose outbox this is, and where it is kept (null before sign-in, or when storage is not wanted). */
  private owner: string | null = null;
  private store: OutboxStore | null = null;
  /** Stops following the store's changes made by other tabs. */
  private unwatch: (() => void) | null = null;
  private readonly takeOverListeners = new Set<(ticketId: string) => void>();

  constructor(
    private readonly transport: ChatTransport,
    private readonly options: ChatSyncOptions,
  ) {
    this.newClientId = options.newClientId ?? (() => crypto.randomUUID());
    this.now = options.now ?? (() => new Date());
  }

  private get me(): string | null {
    return this.options.me()?.id ?? null;
  }

  private thread(ticketId: string): Thread {
    let t = this.threads.get(ticketId);
    if (!t) {
      t = new Thread(ticketId);
      this.threads.set(ticketId, t);
    }
    return t;
  }

  private notify(t: Thread): void {
    const set = this.listeners.get(t.ticketId);
    if (!set || set.size === 0) return;
    const snap = t.view(this.me, this.options.me());
    for (const fn of set) fn(snap);
  }

  /** Current state of a ticket's thread. */
  snapshot(ticketId: string): ThreadSnapshot {
    return this.thread(ticketId).view(this.me, this.options.me());
  }

  /** The thread's state if this page holds one, without starting one (null otherwise). */
  peek(ticketId: string): ThreadSnapshot | null {
    return this.threads.get(ticketId)?.view(this.me, this.options.me()) ?? null;
  }

  /** Calls `fn` now and on every change of the thread; answers the unsubscribe function. */
  subscribe(ticketId: string, fn: Listener): () => void {
    let set = this.listeners.get(ticketId);
    if (!set) {
      set = new Set();
      this.listeners.set(ticketId, set);
    }
    set.add(fn);
    fn(this.snapshot(ticketId));
    return () => {
      set.delete(fn);
    };
  }

  /** Starts following a ticket: loads its history and keeps it in step across reconnects. */
  join(ticketId: string): Promise<void> {
    const t = this.thread(ticketId);
    t.refs++;
    return this.sync(t);
  }

  /** Stops following a ticket (pending messages are still delivered). */
  leave(ticketId: string): void {
    const t = this.threads.get(ticketId);
    if (!t) return;
    t.refs = Math.max(0, t.refs - 1);
    if (t.refs > 0) return;
    if (this.transport.isConnected()) void this.transport.leave(ticketId).catch(() => undefined);
    if (t.outbox.length === 0) {
      // Dropping the cache keeps a later visit from showing a thread that went stale while unjoined.
      this.threads.delete(ticketId);
    }
  }

  isJoined(ticketId: string): boolean {
    return (this.threads.get(ticketId)?.refs ?? 0) > 0;
  }

  /** A `message:new` from the server. */
  receive(message: MessageDto): void {
    const t = this.threads.get(message.ticketId);
    if (!t) return;
    const gap = t.hasGapBefore(message.seq);
    if (t.merge([message], this.me)) this.notify(t);
    if (gap && t.refs > 0) void this.sync(t);
  }

  /** Someone in these chats put their name right (`person:renamed`): their messages show it at once. */
  renamePerson({ userId, firstName, lastName }: PersonRenamedEvent): void {
    for (const t of this.threads.values()) {
      let changed = false;
      for (const [seq, m] of t.bySeq) {
        if (m.sender.id !== userId || m.sender.firstName === firstName) continue;
        t.bySeq.set(seq, { ...m, sender: { ...m.sender, firstName } });
        changed = true;
      }
      const renamed = withPersonRenamed(t.ticket, { userId, firstName, lastName });
      if (renamed) t.ticket = renamed;
      if (changed || renamed) {
        t.touch();
        this.notify(t);
      }
    }
  }

  /** A `ticket:updated` from the server. */
  updateTicket(ticket: TicketDto): void {
    const t = this.threads.get(ticket.id);
    if (!t) return;
    // A new agent has read nothing the old one had: their reads come with the next join.
    const agentChanged = t.ticket !== null && (t.ticket.agent?.id ?? null) !== (ticket.agent?.id ?? null);
    if (agentChanged) t.peerReadSeq = 0;
    t.ticket = ticket;
    t.touch();
    this.notify(t);
    if ((agentChanged || ticket.lastSeq > t.contiguous) && t.loaded && t.refs > 0) void this.sync(t);
  }

  /**
   * Binds the outbox to the signed-in user and their store: what they left unsent on an earlier
   * page or in another tab comes back into its threads as "sending" (and goes out on connect), and
   * every message sent from now on is kept there until acknowledged. Another user's threads are
   * forgotten first, so nobody sees or sends someone else's messages. From then on, what the user's
   * other tabs change in the store shows here at once.
   */
  attach(userId: string, store: OutboxStore | null): void {
    if (this.owner !== null && this.owner !== userId) this.reset();
    this.unwatch?.();
    this.owner = userId;
    this.store = store;
    for (const t of this.threads.values()) {
      for (const o of t.outbox) {
        if (o.store || !store) continue;
        o.store = store;
        o.kept = store.add({ ticketId: t.ticketId, clientId: o.clientId, body: o.body, createdAt: o.createdAt });
      }
    }
    this.unwatch = store?.watch(() => this.storeChanged()) ?? null;
    for (const t of new Set(this.takeOver().map((w) => w.t))) void this.flush(t);
  }

  /** Calls `fn` with the ticket of every thread that takes over messages from the store; answers the unsubscribe function. */
  onTakeOver(fn: (ticketId: string) => void): () => void {
    this.takeOverListeners.add(fn);
    return () => {
      this.takeOverListeners.delete(fn);
    };
  }

  /**
   * Brings this page's outbox in step with the store, which the user's other tabs change too:
   * messages this page does not hold yet come into their threads, interleaved with its own by when
   * they were written; a refusal or a retry there shows here; a refused message discarded there
   * goes from here. A message still sending here that is gone from the store was acknowledged in
   * the tab that sent it (or given up at a sign-out, which signs this tab out next): it stays
   * "sending" until its stored message arrives here too, by the socket or as the answer to a
   * resend, and settles it by clientId, so it never blinks out before the stored one shows.
   * Answers the messages that now wait to be sent.
   */
  private takeOver(live = false): { t: Thread; entry: OutboxEntry }[] {
    const store = this.store;
    if (!store) return [];
    const me = this.me;
    const kept = new Map(store.load().map((p) => [p.clientId, p]));
    const touched = new Set<Thread>();
    const waiting: { t: Thread; entry: OutboxEntry }[] = [];
    for (const t of this.threads.values()) {
      for (const o of [...t.outbox]) {
        if (!o.kept) continue;
        const p = kept.get(o.clientId);
        if (p) {
          if (!this.applyStored(o, p)) continue;
          if (o.state === 'sending') waiting.push({ t, entry: o });
        } else {
          // Only a refused message is discarded; one still sending waits for its stored message (above).
          if (o.state !== 'failed') continue;
          t.outbox.splice(t.outbox.indexOf(o), 1);
        }
        touched.add(t);
      }
    }
    for (const p of kept.values()) {
      if (this.threads.get(p.ticketId)?.holds(me, p.clientId)) continue;
      const t = this.thread(p.ticketId);
      const entry = this.entry(p.clientId, p.body, p.createdAt, true, !live);
      this.applyStored(entry, p);
      t.outbox.push(entry);
      touched.add(t);
      if (entry.state === 'sending') waiting.push({ t, entry });
    }
    for (const t of touched) {
      // Another tab's messages interleave with this page's own by when they were written (a stable sort).
      t.outbox.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      t.touch();
      this.notify(t);
      for (const fn of this.takeOverListeners) fn(t.ticketId);
    }
    return waiting;
  }

  /** Gives the entry the state the store says (refused, or waiting to be sent); answers whether that changed it. */
  private applyStored(entry: OutboxEntry, stored: PendingMessage): boolean {
    const error = stored.refused?.error ?? null;
    if ((entry.state === 'failed') === (error !== null)) return false;
    entry.state = error === null ? 'sending' : 'failed';
    entry.error = error;
    return true;
  }

  /** Another tab of the user changed the store. */
  private storeChanged(): void {
    for (const { t, entry } of this.takeOver(true)) this.sendLater(t, entry, this.options.takeOverDelayMs ?? TAKE_OVER_DELAY_MS);
  }

  private entry(clientId: string, body: string, createdAt: string, kept: boolean, mine = true): OutboxEntry {
    return { clientId, body, createdAt, state: 'sending', error: null, inFlight: false, attempt: 0, store: this.store, kept, mine };
  }

  /** Queues a message for sending; answers its clientId. */
  send(ticketId: string, body: string): string {
    const t = this.thread(ticketId);
    const clientId = this.newClientId();
    const createdAt = this.now().toISOString();
    const entry = this.entry(clientId, body, createdAt, this.store?.add({ ticketId, clientId, body, createdAt }) ?? false);
    t.outbox.push(entry);
    t.touch();
    this.notify(t);
    void this.deliver(t, entry);
    return entry.clientId;
  }

  /** Tries a failed message again, with the same clientId. */
  retry(ticketId: string, clientId: string): void {
    const t = this.threads.get(ticketId);
    const entry = t?.outbox.find((o) => o.clientId === clientId);
    if (!t || !entry) return;
    entry.state = 'sending';
    entry.error = null;
    entry.mine = true;
    // Every tab of the user shows it as sending again, and may send it again if this one cannot.
    entry.store?.mark(clientId, null);
    t.touch();
    this.notify(t);
    void this.deliver(t, entry);
  }

  /** Drops a failed message from the outbox. */
  discard(ticketId: string, clientId: string): void {
    this.dropFailed(ticketId, (o) => o.clientId === clientId);
  }

  /** Drops every failed message of the ticket from the outbox (kept text the user dismissed). */
  discardFailed(ticketId: string): void {
    this.dropFailed(ticketId, () => true);
  }

  private dropFailed(ticketId: string, which: (o: OutboxEntry) => boolean): void {
    const t = this.threads.get(ticketId);
    if (!t) return;
    const dropped = t.outbox.filter((o) => o.state === 'failed' && which(o));
    if (!dropped.length) return;
    for (const o of dropped) {
      t.outbox.splice(t.outbox.indexOf(o), 1);
      settle(o);
    }
    t.touch();
    this.notify(t);
  }

  /**
   * Number of messages this page has to send, over all tickets: what closing it would leave
   * waiting for the next visit. Refused ones wait for the user, not for the network; those another
   * open tab wrote are that tab's, until this one has tried to send them itself.
   */
  pendingCount(): number {
    let n = 0;
    for (const t of this.threads.values()) n += t.outbox.filter((o) => o.state === 'sending' && (o.mine || o.attempt > 0)).length;
    return n;
  }

  /**
   * Messages of this user not stored by the server, here and in the store (left by another tab):
   * those still waiting to be sent, and those refused, kept to copy, retry or discard.
   */
  unsent(): { waiting: number; refused: number } {
    const refused = new Map<string, boolean>();
    for (const p of this.store?.load() ?? []) refused.set(p.clientId, p.refused !== undefined);
    for (const t of this.threads.values()) for (const o of t.outbox) refused.set(o.clientId, o.state === 'failed');
    const n = [...refused.values()].filter(Boolean).length;
    return { waiting: refused.size - n, refused: n };
  }

  /** Gives up every unsent message of this user, here and in the store (a sign-out the user confirmed). */
  discardUnsent(): void {
    this.store?.clear();
    for (const t of this.threads.values()) {
      if (t.outbox.length === 0) continue;
      t.outbox.length = 0;
      t.touch();
      this.notify(t);
    }
  }

  /**
   * To be called on every (re)connect: silent resync of joined tickets, then the outbox is
   * resent, in-flight messages included (their acks died with the old connection). Messages
   * another tab left in the store meanwhile are taken over first.
   */
  async resync(): Promise<void> {
    this.takeOver();
    const work: Promise<void>[] = [];
    for (const t of this.threads.values()) {
      if (t.refs > 0) work.push(this.sync(t, true));
      else work.push(this.flush(t, true));
    }
    await Promise.all(work);
  }

  /** Forgets everything in memory (sign-out); the store keeps what it holds for its user's next visit. */
  reset(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.owner = null;
    this.store = null;
    this.threads.clear();
    for (const set of this.listeners.values()) set.clear();
    this.listeners.clear();
  }

  /** Brings one thread up to date; concurrent calls coalesce into one more round. */
  private sync(t: Thread, resend = false): Promise<void> {
    if (resend) t.resendPending = true;
    if (t.syncing) {
      t.syncAgain = true;
      return t.syncing;
    }
    t.syncing = (async () => {
      try {
        do {
          t.syncAgain = false;
          await this.syncOnce(t);
        } while (t.syncAgain);
      } finally {
        t.syncing = null;
      }
      const force = t.resendPending;
      t.resendPending = false;
      await this.flush(t, force);
    })();
    return t.syncing;
  }

  private async syncOnce(t: Thread): Promise<void> {
    const connected = this.transport.isConnected();
    const afterSeq = t.loaded ? t.contiguous : undefined;
    try {
      let fetched: MessageDto[];
      if (connected && t.refs > 0) {
        const ack = await this.transport.join(t.ticketId, afterSeq);
        if (!ack.ok) {
          t.error = ack.error.message;
          t.touch();
          this.notify(t);
          return;
        }
        t.ticket = ack.ticket;
        // Each (re)join says afresh how far the other side has read: reads made while we were away count.
        t.peerReadSeq = ack.peerReadSeq ?? 0;
        fetched = ack.messages;
        t.setBase(fetched);
        t.merge(fetched, this.me);
        // The join answer is capped; page the rest over REST.
        if (fetched.length >= LIMITS.joinBacklogMax) await this.pageRest(t);
      } else {
        fetched = await this.transport.fetchAfter(t.ticketId, afterSeq ?? 0, LIMITS.messagePageMax);
        t.setBase(fetched);
        t.merge(fetched, this.me);
        if (fetched.length >= LIMITS.messagePageMax) await this.pageRest(t);
      }
      t.loaded = true;
      t.error = null;
    } catch (e) {
      t.error = e instanceof Error ? e.message : 'Could not load the conversation';
    }
    t.touch();
    this.notify(t);
  }

  private async pageRest(t: Thread): Promise<void> {
    for (;;) {
      const page = await this.transport.fetchAfter(t.ticketId, t.lastSeq, LIMITS.messagePageMax);
      t.merge(page, this.me);
      if (page.length < LIMITS.messagePageMax) return;
    }
  }

  private async flush(t: Thread, force = false): Promise<void> {
    await Promise.all(t.outbox.filter((o) => o.state === 'sending').map((o) => this.deliver(t, o, force)));
  }

  private async deliver(t: Thread, entry: OutboxEntry, force = false): Promise<void> {
    if ((entry.inFlight && !force) || !this.transport.isConnected()) return;
    entry.inFlight = true;
    const attempt = ++entry.attempt;
    try {
      const ack = await this.transport.send({ ticketId: t.ticketId, clientId: entry.clientId, body: entry.body });
      if (ack.ok) {
        const gap = t.hasGapBefore(ack.message.seq);
        t.merge([ack.message], this.me);
        // A message acked before a join finished may not be in the outbox any more either way.
        const i = t.outbox.indexOf(entry);
        if (i >= 0) t.outbox.splice(i, 1);
        settle(entry);
        t.touch();
        this.notify(t);
        if (gap && t.refs > 0) void this.sync(t);
      } else if (FINAL_SEND_ERRORS.has(ack.error.code)) {
        entry.state = 'failed';
        entry.error = ack.error.message;
        // Kept for the user in every tab and on later pages, but never sent again unless they retry it.
        entry.store?.mark(entry.clientId, { error: ack.error.message, at: this.now().toISOString() });
        t.touch();
        this.notify(t);
      } else if (attempt === entry.attempt) {
        // UNAVAILABLE, INTERNAL and the like: try again with the same clientId.
        this.retryLater(t, entry);
      }
    } catch {
      // Timeout or a dropped connection: stays "sending", resent with the same clientId.
      if (attempt === entry.attempt) this.retryLater(t, entry);
    } finally {
      if (attempt === entry.attempt) entry.inFlight = false;
    }
    if (this.leaveWhenDrained(t)) this.threads.delete(t.ticketId);
  }

  /** Resends later if still connected; a reconnect resends anyway. */
  private retryLater(t: Thread, entry: OutboxEntry): void {
    this.sendLater(t, entry, this.options.retryDelayMs ?? 3000);
  }

  /**
   * Sends the entry after `delayMs` if it still waits then, on this page's thread (not one a
   * sign-out dropped), and the page is connected; a reconnect resends anyway.
   *
   * A message another tab of the user just wrote (or retried) is that tab's to send: it is open,
   * and sends at once when it can. Sending it from here at once as well would double every message
   * on the wire, so this tab waits a few seconds (TAKE_OVER_DELAY_MS) first. Got through meanwhile,
   * the message has arrived here by the socket and settled the entry; still waiting, the other tab
   * was closed or could not deliver it, and this one does. A send crossing the other tab's is
   * harmless: the server stores a clientId once and answers a repeat with the stored message.
   * Offline, nothing happens here then: the reconnect resends every waiting message anyway.
   */
  private sendLater(t: Thread, entry: OutboxEntry, delayMs: number): void {
    setTimeout(() => {
      const waits = entry.state === 'sending' && t.outbox.includes(entry) && this.threads.get(t.ticketId) === t;
      if (waits && this.transport.isConnected()) void this.deliver(t, entry);
    }, delayMs);
  }

  private leaveWhenDrained(t: Thread): boolean {
    return t.refs === 0 && t.outbox.length === 0 && this.threads.get(t.ticketId) === t;
  }
}
