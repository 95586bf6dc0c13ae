import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { Role, TicketStatus, type MessageDto } from '@ccr/shared';
import { forbidden, notFound, ticketClosed } from '../common/app-error';
import { isDatabaseDown } from '../common/error-mapping';
import type { AuthUser } from '../auth/auth-user';
import { canSee } from '../tickets/ticket-view.service';
import { isUniqueViolation } from '../users/users.service';
import type { User } from '../users/user.entity';
import { MysqlBatchTxFactory, TypeormBatchTxFactory, type BatchTx, type BatchTxFactory, type Write, placeholders } from './batch-tx';
import { toDate, uuidV7 } from './message-values';
import { isMysql } from '../database/sql-reads';
import { TurnBatches } from '../common/turn-batches';
import type { StoredMessage } from '../common/domain-events';

export { toDate, uuidV7 };

/** What a stored (or repeated) send answers with, and whom its broadcast goes to. */
export interface StoreOutcome extends StoredMessage {
  /** True when this (ticket, sender, clientId) was stored before: nothing new was written or broadcast. */
  duplicate: boolean;
}

/** One send waiting for its batch; exactly one of `resolve` and `reject` is called, after the batch's commit (or failure). */
export interface StoreRequest {
  caller: AuthUser;
  ticketId: string;
  clientId: string;
  body: string;
  resolve(outcome: StoreOutcome): void;
  reject(error: unknown): void;
}

interface TicketRow {
  id: string;
  /** The ticket's number: unique, never changes; the batch UPDATE's CASE keys on it (see `plan`). */
  number: number;
  customer_id: string;
  agent_id: string | null;
  status: TicketStatus;
  first_response_at: unknown;
  last_seq: number;
}

export interface MessageRow {
  id: string;
  ticket_id: string;
  seq: number;
  client_id: string;
  sender_id: string;
  body: string;
  created_at: unknown;
}

/** Who sent a message, as the wire shape names them. */
export type MessageSender = Pick<User, 'id' | 'role' | 'firstName'>;

/**
 * A raw `messages` row and its sender as the wire shape. `createdAt` may be given already formatted:
 * the messages of one batch share one timestamp.
 */
export function messageFromRow(m: MessageRow, sender: MessageSender, createdAt = toDate(m.created_at).toISOString()): MessageDto {
  return {
    id: m.id,
    ticketId: m.ticket_id,
    seq: Number(m.seq),
    clientId: m.client_id,
    sender: { id: sender.id, role: sender.role, firstName: sender.firstName },
    body: m.body,
    createdAt,
  };
}

type Result = { ok: StoreOutcome } | { error: unknown };

/** How a message store runs its transactions (STORE_TRANSACTIONS, STORE_BATCH_INTERVAL_MS). */
export interface StoreSettings {
  /** Transactions under way at once on MySQL (SQLite: always 1). */
  transactions?: number;
  /** The least time between two transactions starting, in milliseconds (0: as soon as a slot is free). */
  batchIntervalMs?: number;
}

/** Ids as the database compares them: MySQL case-insensitively (utf8mb4_unicode_ci), SQLite exactly. */
export function idNormalizer(dataSource: DataSource): (id: string) => string {
  return isMysql(dataSource) ? (s) => s.toLowerCase() : (s) => s;
}

/** At most this many sends share one transaction (and one multi-row INSERT). */
export const MAX_BATCH = 1500;
/**
 * Transactions under way at once unless configured (STORE_TRANSACTIONS; see flush()). With batches
 * guessed into one packet, a second transaction sent meanwhile only waits in the database for the
 * first one's row locks: on a machine shared with the database, one at a time held the same rates
 * with less CPU in MariaDB and a lower median (bench/README.md, eighth session).
 */
export const DEFAULT_IN_FLIGHT = 1;
/** Row-value lists are chunked below SQLite's expression depth limit (1000). */
const LOOKUP_CHUNK = 200;
/** Ticket rows remembered for guarded one-packet batches (oldest forgotten first). */
export const KNOWN_TICKETS_MAX = 10_000;
/** After a guarded batch found a ticket changed behind its back, that ticket is read under lock for this long. */
export const CONTENDED_MS = 2_000;

/** MySQL's answer to a guarded write whose guard failed: the NOT NULL `last_seq` was set to NULL. */
function isStaleGuess(e: unknown): boolean {
  return (e as { errno?: number })?.errno === 1048;
}

/** How a batch waits for the one before it (see flush()). */
interface BatchOrder {
  /** Opens once the batch before holds its row locks, has committed, or gave up. */
  previousLocked: Promise<void>;
  /** Opens once the batch before has decided its seqs (and remembered them), or gave up. */
  previousPlanned: Promise<void>;
  locked(): void;
  planned(): void;
}

/** A deadlock or a lock wait timeout: the transaction was rolled back and may simply run again. */
function isLockConflict(e: unknown): boolean {
  const err = e as { errno?: number; driverError?: { errno?: number } };
  const errno = err?.errno ?? err?.driverError?.errno;
  return errno === 1213 || errno === 1205;
}

/**
 * Application-level group commit. Sends that arrive while a transaction is under way wait for the
 * next one; each transaction locks the batch's tickets (which authorizes every send against the
 * current owner and status), allocates each ticket's seq range, stores every message with one
 * multi-row INSERT (the ticket rows take each side's latest seq: a writer has read what they wrote,
 * so no read marker is written), and commits. On MySQL a batch
 * whose tickets this process has seen lately skips the locking read: it guesses the rows from
 * memory and writes them in one packet whose guard re-checks every guess under the row lock
 * (see storeBatch). Only then is each
 * send resolved (acked) and published, in seq order. A (ticket, sender, clientId) already stored
 * is answered with the stored message: the unique key catches it, and the batch is retried with a
 * lookup. Any other failure of a batch retries its sends one by one, so one bad message fails alone.
 */
export class MessageStore {
  private readonly logger = new Logger('MessageStore');
  private readonly queue: TurnBatches<StoreRequest>;
  private settled: Promise<void> = Promise.resolve();
  /** Opens when the latest batch holds its row locks (or gave up): the next one may then ask for them. */
  private locked: Promise<void> = Promise.resolve();
  /** Opens when the latest batch has decided its seqs: the next one may then guess its own from memory. */
  private planned: Promise<void> = Promise.resolve();
  /**
   * The ticket rows as this process last wrote or read them under lock (keyed by the normalized id).
   * Only a guess: a batch planned from it writes `last_seq` through a guard that re-checks seq, status,
   * agent and first response under the row lock, and the whole packet fails if anything moved.
   */
  private readonly known = new Map<string, TicketRow>();
  /** Tickets another writer touched lately (normalized id → until when): read under lock, not guessed. */
  private readonly contended = new Map<string, number>();
  private readonly mysql: boolean;
  /** Transactions under way at once. */
  private readonly maxInFlight: number;
  private readonly txs: BatchTxFactory;
  /** MySQL compares these ids case-insensitively (utf8mb4_unicode_ci), SQLite exactly: the in-memory keys do as the database does. */
  private readonly norm: (s: string) => string;
  /**
   * The batch's ticket rows are read and written through the primary key, whatever the optimizer would
   * choose: once an IN list names a good part of a small tickets table, MariaDB scans the table instead,
   * and a locking scan locks every ticket in it (REPEATABLE READ), so a batch then waited for, and held
   * up, writers of tickets it doesn't touch (another process's batch, a close, an assignment).
   */
  private readonly tickets: string;
  /** Batches flushed and sends stored, for the log and the tests. */
  readonly stats = { batches: 0, stored: 0, largestBatch: 0, retried: 0, guessed: 0, staleGuesses: 0 };

  constructor(
    private readonly dataSource: DataSource,
    /** Called after each commit with the batch's newly stored messages, in seq order, before their senders are acked. */
    private readonly published: (outcomes: StoreOutcome[]) => void,
    { transactions = DEFAULT_IN_FLIGHT, batchIntervalMs = 0 }: StoreSettings = {},
  ) {
    this.mysql = isMysql(dataSource);
    // The embedded SQLite database has one connection and one writer: one transaction at a time.
    this.maxInFlight = this.mysql ? transactions : 1;
    this.txs = this.mysql ? MysqlBatchTxFactory.from(dataSource, this.maxInFlight + 1) : new TypeormBatchTxFactory(dataSource);
    // One turn of the event loop lets the sends that arrived together join the batch; under load, the
    // interval lets more of them join it (a transaction costs the database the same whatever its size).
    this.queue = new TurnBatches((batch) => this.flush(batch), this.maxInFlight, MAX_BATCH, { minIntervalMs: batchIntervalMs });
    this.norm = idNormalizer(dataSource);
    this.tickets = this.mysql ? 'tickets FORCE INDEX (PRIMARY)' : 'tickets';
  }

  private keyOf(ticketId: string, senderId: string, clientId: string) {
    return `${this.norm(ticketId)}\u0000${this.norm(senderId)}\u0000${this.norm(clientId)}`;
  }

  /** Queues a send for the next batch; the request's callbacks answer it. */
  enqueue(request: StoreRequest): void {
    this.queue.push(request);
  }

  /**
   * Up to `maxInFlight` transactions at once: while one writes and commits, the next one is already
   * queued in the database for the row locks (InnoDB releases them before the log flush). A batch
   * asks for its row locks only once the batch before it holds its own, so on any ticket they share
   * the earlier batch takes the lower seqs; results are settled strictly in batch order, so
   * broadcasts keep seq order per ticket. (Once a batch holds its locks it either commits or the
   * database is gone: a repeated clientId is looked up and written again under the same locks.)
   */
  private flush(batch: StoreRequest[]): Promise<unknown> {
    const results = this.store(batch, this.nextOrder());
    this.settled = this.settled
      .then(() => results)
      .then((r) => this.settle(batch, r))
      .catch((e: Error) => this.logger.error(`settling a batch failed: ${e.message}`));
    return results;
  }

  /** Chains a new batch behind the latest one. */
  private nextOrder(): BatchOrder {
    const order = { previousLocked: this.locked, previousPlanned: this.planned } as BatchOrder;
    this.locked = new Promise<void>((resolve) => (order.locked = resolve));
    this.planned = new Promise<void>((resolve) => (order.planned = resolve));
    return order;
  }

  /** One result per request; never rejects. The batch's order promises are opened at the latest when it is done. */
  private async store(batch: StoreRequest[], order: BatchOrder): Promise<Result[]> {
    try {
      return await this.attempts(batch, order);
    } finally {
      order.planned();
      order.locked();
    }
  }

  private async attempts(batch: StoreRequest[], order: BatchOrder): Promise<Result[]> {
    this.stats.batches++;
    if (batch.length > this.stats.largestBatch) this.stats.largestBatch = batch.length;
    const failAll = (e: unknown): Result[] => batch.map(() => ({ error: e }));
    let e: unknown;
    try {
      return await this.storeBatch(batch, false, order);
    } catch (first) {
      e = first;
    }
    if (isDatabaseDown(e)) return failAll(e);
    if (isUniqueViolation(e) || isLockConflict(e)) {
      // A deadlock or lock wait timeout (the transaction is gone), or a repeat the first look-up missed: look up and go again.
      this.stats.retried++;
      try {
        return await this.storeBatch(batch, true, order);
      } catch (again) {
        if (isDatabaseDown(again)) return failAll(again);
        e = again;
      }
    }
    if (batch.length === 1) return failAll(e);
    this.logger.warn(`a batch of ${batch.length} failed (${(e as Error).message}); storing its messages one by one`);
    const results: Result[] = [];
    for (const r of batch) {
      try {
        // Unless this batch got its locks before failing, the next batch keeps waiting until these are in.
        results.push(...(await this.storeBatch([r], true, { ...order, locked: () => undefined, planned: () => undefined })));
      } catch (one) {
        results.push({ error: one });
      }
    }
    return results;
  }

  private settle(batch: StoreRequest[], results: Result[]) {
    // Publish first (in seq order), then ack: every socket learns of a message no later than its sender's ack.
    const stored = results.flatMap((r) => ('ok' in r && !r.ok.duplicate ? [r.ok] : []));
    if (stored.length) {
      try {
        this.published(stored);
      } catch (e) {
        this.logger.warn(`publishing ${stored.length} stored message(s) failed: ${(e as Error).message}`);
      }
    }
    // The callbacks may be a socket's ack: one that throws must not leave the rest unanswered.
    results.forEach((r, i) => {
      try {
        if ('ok' in r) batch[i].resolve(r.ok);
        else batch[i].reject(r.error);
      } catch (e) {
        this.logger.error(`answering a send failed: ${(e as Error).message}`);
      }
    });
  }

  private date(d: Date): unknown {
    return this.mysql ? d : DateUtils.mixedDateToUtcDatetimeString(d);
  }

  /**
   * One transaction for the whole batch; returns one result per request, in order. Throws only when
   * the transaction failed.
   *
   * When every ticket of the batch is known from earlier batches, the seqs are guessed from memory
   * and the batch goes in one packet whose `UPDATE tickets` re-checks each guess under the row lock;
   * if another writer moved a ticket (a send on another process, a close, a reassignment) or a
   * clientId repeats, the packet fails as a whole and the batch is decided again the careful way:
   * lock the rows first (`SELECT … FOR UPDATE`), then write. `order.locked` is called once this batch
   * holds its row locks (or has committed): the next batch may then queue for them (on a ticket they
   * share, it gets the higher seqs).
   */
  private async storeBatch(batch: StoreRequest[], lookUpDuplicates: boolean, order: BatchOrder): Promise<Result[]> {
    const tx = await this.txs.open();
    let open = false;
    try {
      const now = new Date();
      if (tx.commitAlone && !lookUpDuplicates) {
        await order.previousPlanned;
        const guess = this.guess(batch, now);
        if (guess) {
          order.planned();
          try {
            await tx.commitAlone(guess.writes);
            order.locked();
            this.stats.guessed++;
            this.stats.stored += guess.stored;
            return guess.results;
          } catch (e) {
            if (!isStaleGuess(e) && !isUniqueViolation(e) && !isLockConflict(e)) throw e;
            // Rolled back: someone else wrote one of these tickets, or a clientId repeats. Decide under lock.
            this.stats.staleGuesses++;
            this.forget(
              batch.map((r) => r.ticketId),
              isStaleGuess(e),
            );
            lookUpDuplicates = isUniqueViolation(e);
          }
        }
      }
      await order.previousLocked;
      const ticketIds = [...new Set(batch.map((r) => r.ticketId))];
      open = true;
      // The row locks order concurrent batches (on any process) per ticket, and the rows say who may write now.
      const rows = await tx.begin<TicketRow>({
        sql: `SELECT id, number, customer_id, agent_id, status, first_response_at, last_seq FROM ${this.tickets} WHERE id IN (${placeholders(ticketIds.length)})${this.mysql ? ' FOR UPDATE' : ''}`,
        params: ticketIds,
      });
      order.locked();
      const tickets = new Map(rows.map((t) => [this.norm(t.id), t]));
      const decided = this.decide(batch, tickets);
      // Stored messages are looked up only where a resend is possible: a closed ticket still answers a
      // resend of a message it stored (anything else there is refused), and a retry looks up every send.
      const lookUpWhere = (which: (i: number) => boolean) =>
        this.lookUp(
          tx,
          decided.candidates.filter(which).map((i) => batch[i]),
        );
      let existing = await lookUpWhere((i) => lookUpDuplicates || decided.ticketOf(i).status === TicketStatus.CLOSED);
      let plan = this.plan(batch, decided, existing, now);
      try {
        await tx.commitWith(plan.writes);
      } catch (e) {
        // A repeated clientId (a client resending its outbox): the writes were undone, the locks are still ours.
        if (lookUpDuplicates || !isUniqueViolation(e)) throw e;
        this.stats.retried++;
        existing = await lookUpWhere(() => true);
        plan = this.plan(batch, decided, existing, now);
        await tx.commitWith(plan.writes);
      }
      open = false;
      this.remember(rows, plan);
      order.planned();
      this.stats.stored += plan.stored;
      return plan.results;
    } catch (e) {
      if (open) await tx.rollback().catch(() => undefined);
      throw e;
    } finally {
      tx.release();
    }
  }

  /** Who may write where, from the locked ticket rows; repeats of one (ticket, sender, clientId) within the batch become aliases. */
  private decide(batch: StoreRequest[], tickets: Map<string, TicketRow>) {
    const results: (Result | undefined)[] = new Array(batch.length);
    const rowOf: TicketRow[] = new Array(batch.length);
    /**
     * The requests so far per clientId (as the database compares it), to find a repeat of the same
     * (ticket, sender, clientId): the ticket and sender ids are compared as the rows hold them.
     */
    const byClientId = new Map<string, number[]>();
    const aliases: [number, number][] = [];
    const candidates: number[] = []; // may be stored (or answered as stored before)
    batch.forEach((r, i) => {
      const t = tickets.get(this.norm(r.ticketId));
      if (!t || !canSee(r.caller, { customerId: t.customer_id, agentId: t.agent_id })) {
        results[i] = { error: notFound() };
        return;
      }
      const mayWrite =
        (r.caller.role === Role.CUSTOMER && t.customer_id === r.caller.id) || (r.caller.role === Role.AGENT && t.agent_id === r.caller.id);
      if (!mayWrite) {
        results[i] = { error: forbidden('Only the customer and the assigned agent can write in this ticket') };
        return;
      }
      rowOf[i] = t;
      const clientId = this.norm(r.clientId);
      const same = byClientId.get(clientId);
      const first = same?.find((j) => rowOf[j] === t && batch[j].caller.id === r.caller.id);
      if (first !== undefined) {
        aliases.push([i, first]);
        return;
      }
      if (same) same.push(i);
      else byClientId.set(clientId, [i]);
      candidates.push(i);
    });
    const ticketOf = (i: number) => rowOf[i];
    return { results, aliases, candidates, ticketOf };
  }

  /**
   * The batch planned from the remembered ticket rows, or null when any ticket is unknown, contended or
   * closed, or any send would be refused: a refusal is only ever decided from the locked row.
   */
  private guess(batch: StoreRequest[], now: Date) {
    const tickets = new Map<string, TicketRow>();
    for (const r of batch) {
      const key = this.norm(r.ticketId);
      const t = this.known.get(key);
      if (!t || t.status === TicketStatus.CLOSED) return null;
      tickets.set(key, t);
    }
    const decided = this.decide(batch, tickets);
    if (decided.results.some((r) => r !== undefined)) return null;
    const plan = this.plan(batch, decided, new Map(), now, true);
    // The next batch guesses on top of this one (if this one fails, both are decided again under lock).
    this.remember([], plan);
    return plan;
  }

  /** Keeps the rows read under lock (unless contended) and moves the remembered ones past a plan's writes. */
  private remember(rows: TicketRow[], plan: ReturnType<MessageStore['plan']>) {
    if (!this.mysql) return; // one writer, one connection: nothing to guess
    const now = Date.now();
    for (const row of rows) {
      const key = this.norm(row.id);
      const until = this.contended.get(key);
      if (until !== undefined && until > now) continue;
      this.contended.delete(key);
      // Two batches' answers can arrive in either order: never go back to an older seq.
      const remembered = this.known.get(key);
      if (remembered && Number(remembered.last_seq) > (plan.lastSeq.get(row.id) ?? Number(row.last_seq))) continue;
      this.known.delete(key); // re-inserted last: the map's order is the order of use
      this.known.set(key, { ...row });
    }
    for (const [id, seq] of plan.lastSeq) {
      const t = this.known.get(this.norm(id));
      if (!t || Number(t.last_seq) > seq) continue;
      t.last_seq = seq;
      if (plan.responded.has(id)) t.first_response_at ??= plan.at;
    }
    for (const key of this.known.keys()) {
      if (this.known.size <= KNOWN_TICKETS_MAX) break;
      this.known.delete(key);
    }
  }

  /** Forgets these tickets' rows: the next batch that writes them reads them under lock. */
  forget(ticketIds: Iterable<string>, contended = false) {
    const now = Date.now();
    for (const id of ticketIds) {
      const key = this.norm(id);
      this.known.delete(key);
      if (contended) this.contended.set(key, now + CONTENDED_MS);
    }
    // Bounded like the rows: expired marks go first, then the oldest.
    if (this.contended.size <= KNOWN_TICKETS_MAX) return;
    for (const [key, until] of this.contended) if (until <= now) this.contended.delete(key);
    for (const key of this.contended.keys()) {
      if (this.contended.size <= KNOWN_TICKETS_MAX) break;
      this.contended.delete(key);
    }
  }

  /**
   * Seqs, rows and the statements that write them; nothing is written here. A guarded plan (guessed
   * from remembered rows) sets each `last_seq` only where the row is still as remembered.
   */
  private plan(
    batch: StoreRequest[],
    decided: ReturnType<MessageStore['decide']>,
    existing: Map<string, MessageRow>,
    now: Date,
    guarded = false,
  ) {
    const { aliases, candidates, ticketOf } = decided;
    const results = [...decided.results];
    /** The INSERT's values, one list per new message (the batch's timestamp shared). */
    const rows: unknown[][] = [];
    const at = this.date(now);
    /** The batch's messages share one timestamp, formatted once. */
    const createdAt = now.toISOString();
    /** Per ticket, the seq of its customer's / agent's latest message in this batch (a writer has read what they wrote). */
    const sent = { customer: new Map<string, number>(), agent: new Map<string, number>() };
    const responded = new Set<string>();
    const lastSeq = new Map<string, number>();
    /** Per ticket id, its number: the key of the UPDATE's CASEs. */
    const numbers = new Map<string, number>();
    /** The remembered rows a guarded plan relies on (`remember` moves them on only after the plan is built). */
    const guessedFrom = new Map<string, TicketRow>();
    for (const i of candidates) {
      const r = batch[i];
      const t = ticketOf(i);
      const stored = existing.size ? existing.get(this.keyOf(t.id, r.caller.id, r.clientId)) : undefined;
      if (stored) {
        results[i] = { ok: this.outcome(messageFromRow(stored, r.caller), t, true) };
        continue;
      }
      if (t.status === TicketStatus.CLOSED) {
        results[i] = { error: ticketClosed() };
        continue;
      }
      const seq = (lastSeq.get(t.id) ?? Number(t.last_seq)) + 1;
      lastSeq.set(t.id, seq);
      numbers.set(t.id, Number(t.number));
      if (guarded && !guessedFrom.has(t.id)) guessedFrom.set(t.id, t);
      const row: MessageRow = {
        id: uuidV7(now.getTime()),
        ticket_id: t.id,
        seq,
        client_id: r.clientId,
        sender_id: r.caller.id,
        body: r.body,
        created_at: now,
      };
      rows.push([row.id, row.ticket_id, row.seq, row.client_id, row.sender_id, row.body, at]);
      sent[r.caller.role === Role.AGENT ? 'agent' : 'customer'].set(t.id, seq);
      const firstResponse = r.caller.role === Role.AGENT && t.first_response_at == null && !responded.has(t.id);
      if (firstResponse) responded.add(t.id);
      results[i] = { ok: this.outcome(messageFromRow(row, r.caller, createdAt), t, false, firstResponse) };
    }
    for (const [i, first] of aliases) {
      const f = results[first]!;
      results[i] = 'ok' in f ? { ok: { ...f.ok, duplicate: true } } : f;
    }

    const writes: Write[] = [];
    if (rows.length) {
      const touched = [...lastSeq.keys()];
      // The CASEs pick each row's new values by its integer number, not its uuid: MariaDB compares a
      // CASE's WHEN values one by one for every row, and with a few hundred tickets in one batch the
      // string comparisons of 36-character ids were a measurable part of the statement. The rows are
      // still found (and locked) by primary key.
      const params: unknown[] = [];
      const seqCase = touched.map((id) => {
        if (!guarded) {
          params.push(numbers.get(id), lastSeq.get(id));
          return 'WHEN ? THEN ?';
        }
        // The guess holds only if the row is still as remembered; otherwise NULL fails the whole packet.
        const t = guessedFrom.get(id)!;
        params.push(numbers.get(id), Number(t.last_seq), t.status, t.agent_id, t.first_response_at == null ? 1 : 0, lastSeq.get(id));
        return 'WHEN ? THEN CASE WHEN last_seq = ? AND status = ? AND agent_id <=> ? AND (first_response_at IS NULL) = ? THEN ? END';
      });
      params.push(this.date(now));
      let sentSeqs = '';
      for (const [column, seqs] of [
        ['customer_sent_seq', sent.customer],
        ['agent_sent_seq', sent.agent],
      ] as const) {
        if (!seqs.size) continue;
        sentSeqs += `, ${column} = CASE number ${Array(seqs.size).fill('WHEN ? THEN ?').join(' ')} ELSE ${column} END`;
        for (const [id, seq] of seqs) params.push(numbers.get(id), seq);
      }
      let firstResponse = '';
      if (responded.size) {
        firstResponse = `, first_response_at = CASE WHEN first_response_at IS NULL AND id IN (${placeholders(responded.size)}) THEN ? ELSE first_response_at END`;
        params.push(...responded, this.date(now));
      }
      params.push(...touched);
      writes.push({
        sql: `UPDATE ${this.tickets} SET last_seq = CASE number ${seqCase.join(' ')} END, last_message_at = ?${sentSeqs}${firstResponse} WHERE id IN (${placeholders(touched.length)})`,
        params,
      });
      writes.push({ insertInto: 'INSERT INTO messages (id, ticket_id, seq, client_id, sender_id, body, created_at)', rows });
    }
    return { results: results as Result[], writes, stored: rows.length, lastSeq, responded, at: now as unknown };
  }

  private outcome(message: MessageDto, t: TicketRow, duplicate: boolean, firstResponse = false): StoreOutcome {
    return { message, duplicate, customerId: t.customer_id, agentId: t.agent_id, firstResponse };
  }

  /** The stored messages for these (ticket, sender, clientId) keys, through the unique index. */
  private async lookUp(tx: BatchTx, requests: StoreRequest[]): Promise<Map<string, MessageRow>> {
    const found = new Map<string, MessageRow>();
    for (let at = 0; at < requests.length; at += LOOKUP_CHUNK) {
      const chunk = requests.slice(at, at + LOOKUP_CHUNK);
      const rows = await tx.query<MessageRow>({
        sql: `SELECT id, ticket_id, seq, client_id, sender_id, body, created_at FROM messages WHERE ${chunk
          .map(() => '(ticket_id = ? AND sender_id = ? AND client_id = ?)')
          .join(' OR ')}`,
        params: chunk.flatMap((r) => [r.ticketId, r.caller.id, r.clientId]),
      });
      for (const m of rows) found.set(this.keyOf(m.ticket_id, m.sender_id, m.client_id), m);
    }
    return found;
  }

  /** Opens the store's connections before the first send needs them. */
  warm(): Promise<void> {
    return this.txs.warm();
  }

  /** Closes the store's own connections (after the sends under way have settled). */
  async close(): Promise<void> {
    await this.txs.close();
  }

  /** Sends waiting for a transaction (for draining on shutdown). */
  get pending(): number {
    return this.queue.pending;
  }
}
