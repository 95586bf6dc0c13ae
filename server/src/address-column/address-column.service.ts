import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { DataSource, Repository } from 'typeorm';
import { LIMITS, Role, type JoinAnswer, type MessageDto } from '@ccr/shared';
import { notFound, unavailable } from '../common/app-error';
import { DomainEvents, type MessagesStoredEvent, type TicketUpdatedEvent } from '../common/domain-events';
import type { AuthUser } from '../auth/auth-user';
import { canSee, peerReadSeqOf, peerSideOf, TicketViewService } from '../tickets/ticket-view.service';
import { ReadMarker } from './read-marker.entity';
import { sentSeqOf } from '../tickets/ticket.entity';
import { messageFromRow, type MessageRow, type StoreOutcome, type StoreRequest } from './message-store';
import { MessageLanes } from './message-lanes';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { SqlReads } from '../database/sql-reads';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface SendResult {
  message: MessageDto;
  /** True when this clientId was stored before: nothing new was written or broadcast. */
  duplicate: boolean;
}

/** The Address Column: a ticket's chat, stored with a gap-free per-ticket seq. */
@Injectable()
export class AddressColumnService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  /** Set on shutdown: new sends are refused with UNAVAILABLE (the client resends elsewhere), stores under way finish. */
  draining = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly logger = new Logger('AddressColumn');
  /** The group commits every send goes through (socket and REST alike), one lane per share of the tickets. */
  private readonly lanes: MessageLanes;

  constructor(
    @InjectRepository(ReadMarker) private readonly markers: Repository<ReadMarker>,
    private readonly dataSource: DataSource,
    private readonly view: TicketViewService,
    private readonly events: EventEmitter2,
    private readonly limits: RateLimitService,
    private readonly reads: SqlReads,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.lanes = new MessageLanes(dataSource, (outcomes) => this.publish(outcomes), {
      lanes: config.storeLanes,
      transactions: config.storeTransactions,
      batchIntervalMs: config.storeBatchIntervalMs,
    });
  }

  /** Batches and sends stored so far by this process. */
  get storeStats() {
    return this.lanes.stats;
  }

  async assertVisible(caller: AuthUser, ticketId: string): Promise<void> {
    await this.view.visible(caller, ticketId);
  }

  /** Messages with seq > afterSeq, ascending. */
  async history(caller: AuthUser, ticketId: string, afterSeq = 0, limit: number = LIMITS.messagePageDefault): Promise<MessageDto[]> {
    const ticket = await this.view.visible(caller, ticketId);
    return this.after(ticket.id, afterSeq, limit);
  }

  /**
   * The ticket as the caller sees it, the messages after `afterSeq` and how far the other side has
   * read: two reads sent together (one packet on MySQL; a reconnect storm runs this once per client),
   * the peer's read marker joined into the ticket's. The ticket is the same TicketDto that
   * GET /tickets/:id answers (a test holds the two together).
   */
  async join(caller: AuthUser, ticketId: string, afterSeq = 0): Promise<JoinAnswer> {
    // The messages are read by the id as given, which names the same rows as the ticket's own id (MySQL
    // compares ids case-insensitively; on SQLite a differently cased id finds no ticket either), and
    // they are dropped unless the caller may see the ticket.
    const peer = peerSideOf(caller.role);
    const [rows, messages] = await Promise.all([
      this.view.joined(caller.id, 't.id = ?', [ticketId], { countAhead: true, peerRead: peer }),
      this.after(ticketId, afterSeq, LIMITS.joinBacklogMax),
    ]);
    const t = rows[0];
    if (!t || !canSee(caller, { customerId: t.customer_id, agentId: t.agent_id })) throw notFound();
    const [ticket] = await this.view.fromJoined(rows);
    return { ticket, messages, peerReadSeq: peerReadSeqOf(t, peer) };
  }

  /** One read: the messages with their senders' names. */
  private async after(ticketId: string, afterSeq: number, limit: number): Promise<MessageDto[]> {
    const rows = await this.reads.query<MessageRow & { role: Role | null; first_name: string | null }>(
      `SELECT m.id, m.ticket_id, m.seq, m.client_id, m.sender_id, m.body, m.created_at, u.role, u.first_name
         FROM messages m LEFT JOIN users u ON u.id = m.sender_id
        WHERE m.ticket_id = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?`,
      [ticketId, afterSeq, limit],
    );
    return rows.map((m) => messageFromRow(m, { id: m.sender_id, role: m.role ?? Role.CUSTOMER, firstName: m.first_name ?? '' }));
  }

  /**
   * Stores a message and only then reports success. A repeated (ticket, sender, clientId)
   * returns the stored message. The ticket row's lock orders concurrent senders, so seq has
   * no gaps and no repeats.
   */
  send(caller: AuthUser, ticketId: string, clientId: string, body: string): Promise<SendResult> {
    return new Promise<SendResult>((resolve, reject) => this.sendThen(caller, ticketId, clientId, body, resolve, reject));
  }

  /**
   * `send` with callbacks, for the socket path: exactly one of them is called, once the message is
   * stored (or refused), and nothing is thrown. With the rate limit counted in memory a message
   * costs no promise or microtask on its way in (at thousands of messages a second, each one was
   * allocation and garbage-collection work; measured in bench/README.md, seventeenth session).
   */
  sendThen(
    caller: AuthUser,
    ticketId: string,
    clientId: string,
    body: string,
    resolve: (result: SendResult) => void,
    reject: (error: unknown) => void,
  ): void {
    if (this.draining) return reject(unavailable('The server is restarting; your message will be sent again in a moment'));
    this.inFlight++;
    const request: StoreRequest = {
      caller,
      ticketId,
      clientId,
      body,
      resolve: ({ message, duplicate }) => {
        this.settled();
        resolve({ message, duplicate });
      },
      reject: (error) => {
        this.settled();
        reject(error);
      },
    };
    let counted: Promise<void> | undefined;
    try {
      counted = this.limits.consume('messagesPerUser', caller.id);
    } catch (e) {
      return request.reject(e);
    }
    // Access, status, seq and storage are all decided in the batch's transaction, under the ticket's row lock.
    if (counted) counted.then(() => this.lanes.enqueue(request)).catch(request.reject);
    else this.lanes.enqueue(request);
  }

  private settled() {
    if (--this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Waits (up to the limit) for the stores and acks under way, then lets shutdown close sockets and the database. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    this.logger.log(`draining ${this.inFlight} message store(s) before shutdown`);
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      setTimeout(resolve, 5000).unref();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lanes.warm().catch((e: Error) => this.logger.warn(`the message store could not connect yet: ${e.message}`));
  }

  /** The store's own connections go after the drain (TypeORM closes its pool in the same phase). */
  async onApplicationShutdown(): Promise<void> {
    await this.lanes.close();
  }

  /** A ticket closed or (re)assigned here: the next send to it is decided from its locked row, not from memory. */
  @OnEvent(DomainEvents.TicketUpdated)
  onTicketUpdated({ ticket }: TicketUpdatedEvent) {
    this.lanes.forget([ticket.id]);
  }

  /** After each commit, one event for its messages: the broadcast now; mail and other listeners in the background, never holding up the ack. */
  private publish(outcomes: StoreOutcome[]) {
    const event: MessagesStoredEvent = { messages: outcomes };
    this.events
      .emitAsync(DomainEvents.MessagesStored, event)
      .catch((e: Error) => this.logger.warn(`after storing ${outcomes.length} message(s): ${e.message}`));
  }

  /** Moves the caller's read marker forward (never back). */
  async markRead(caller: AuthUser, ticketId: string, seq: number): Promise<number> {
    const ticket = await this.view.visible(caller, ticketId);
    const upTo = Math.min(seq, ticket.lastSeq);
    const current = await this.markers.findOne({ where: { ticketId, userId: caller.id } });
    // What the caller wrote counts as read, as in the unread counts.
    const read = Math.max(current?.lastReadSeq ?? 0, sentSeqOf(ticket, caller.id));
    if (read >= upTo) return read;
    await this.markers.upsert({ ticketId, userId: caller.id, lastReadSeq: upTo }, ['ticketId', 'userId']);
    return upTo;
  }
}
