import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, MoreThan, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { LIMITS, Role, TicketStatus, type MessageDto, type TicketDto } from '@ccr/shared';
import { forbidden, ticketClosed, unavailable } from '../common/app-error';
import { DomainEvents, type MessageStoredEvent } from '../common/domain-events';
import type { AuthUser } from '../auth/auth-user';
import { isUniqueViolation, UsersService } from '../users/users.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketViewService } from '../tickets/ticket-view.service';
import { Message } from './message.entity';
import { ReadMarker } from './read-marker.entity';
import { toMessageDto } from './messages.dto';
import { RateLimitService } from '../rate-limit/rate-limit.service';

export interface SendResult {
  message: MessageDto;
  /** True when this clientId was stored before: nothing new was written or broadcast. */
  duplicate: boolean;
}

/** The Address Column: a ticket's chat, stored with a gap-free per-ticket seq. */
@Injectable()
export class AddressColumnService implements BeforeApplicationShutdown {
  /** Set on shutdown: new sends are refused with UNAVAILABLE (the client resends elsewhere), stores under way finish. */
  draining = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    @InjectRepository(ReadMarker) private readonly markers: Repository<ReadMarker>,
    private readonly dataSource: DataSource,
    private readonly view: TicketViewService,
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
    private readonly limits: RateLimitService,
  ) {}

  async assertVisible(caller: AuthUser, ticketId: string): Promise<void> {
    await this.view.visible(caller, ticketId);
  }

  /** Messages with seq > afterSeq, ascending. */
  async history(caller: AuthUser, ticketId: string, afterSeq = 0, limit: number = LIMITS.messagePageDefault): Promise<MessageDto[]> {
    await this.view.visible(caller, ticketId);
    return this.after(ticketId, afterSeq, limit);
  }

  async join(caller: AuthUser, ticketId: string, afterSeq = 0): Promise<{ ticket: TicketDto; messages: MessageDto[] }> {
    const ticket = await this.view.visible(caller, ticketId);
    const [dto, messages] = await Promise.all([
      this.view.one(ticket, caller.id),
      this.after(ticketId, afterSeq, LIMITS.joinBacklogMax),
    ]);
    return { ticket: dto, messages };
  }

  private async after(ticketId: string, afterSeq: number, limit: number): Promise<MessageDto[]> {
    const rows = await this.messages.find({
      where: { ticketId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
    const senders = await this.users.namesByIds(rows.map((m) => m.senderId));
    return rows.map((m) => {
      const s = senders.get(m.senderId);
      return toMessageDto(m, s ?? { id: m.senderId, role: Role.CUSTOMER, firstName: '' });
    });
  }

  /**
   * Stores a message and only then reports success. A repeated (ticket, sender, clientId)
   * returns the stored message. The ticket row's lock orders concurrent senders, so seq has
   * no gaps and no repeats.
   */
  async send(caller: AuthUser, ticketId: string, clientId: string, body: string): Promise<SendResult> {
    if (this.draining) throw unavailable('The server is restarting; your message will be sent again in a moment');
    this.inFlight++;
    try {
      return await this.store(caller, ticketId, clientId, body);
    } finally {
      if (--this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Waits (up to the limit) for the stores and acks under way, then lets shutdown close sockets and the database. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    const logger = new Logger('AddressColumn');
    logger.log(`draining ${this.inFlight} message store(s) before shutdown`);
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      setTimeout(resolve, 5000).unref();
    });
  }

  private async store(caller: AuthUser, ticketId: string, clientId: string, body: string): Promise<SendResult> {
    await this.limits.consume('messagesPerUser', caller.id);
    const ticket = await this.view.visible(caller, ticketId);
    const mayWrite =
      (caller.role === Role.CUSTOMER && ticket.customerId === caller.id) || (caller.role === Role.AGENT && ticket.agentId === caller.id);
    if (!mayWrite) throw forbidden('Only the customer and the assigned agent can write in this ticket');

    const existing = await this.find(ticketId, caller, clientId);
    if (existing) return { message: existing, duplicate: true };
    if (ticket.status === TicketStatus.CLOSED) throw ticketClosed();

    const now = new Date();
    let stored: Message;
    try {
      stored = await this.dataSource.transaction(async (em) => {
        const qb = em
          .createQueryBuilder()
          .update(Ticket)
          .set({
            lastSeq: () => 'last_seq + 1',
            lastMessageAt: now,
            ...(caller.role === Role.AGENT && !ticket.firstResponseAt
              ? { firstResponseAt: () => 'COALESCE(first_response_at, :now)' }
              : {}),
          })
          .where('id = :ticketId AND status <> :closed', { ticketId, closed: TicketStatus.CLOSED })
          .setParameter('now', now);
        if (caller.role === Role.AGENT) qb.andWhere('agent_id = :me', { me: caller.id });
        const result = await qb.execute();
        if (!result.affected) throw new NotWritable();
        const { lastSeq } = await em.findOneOrFail(Ticket, { select: { id: true, lastSeq: true }, where: { id: ticketId } });
        const message = em.create(Message, { id: randomUUID(), ticketId, seq: lastSeq, clientId, senderId: caller.id, body, createdAt: now });
        await em.insert(Message, message);
        await em.upsert(ReadMarker, { ticketId, userId: caller.id, lastReadSeq: lastSeq }, ['ticketId', 'userId']);
        return message;
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        // A racing send with the same clientId committed first: answer with that one.
        const first = await this.find(ticketId, caller, clientId);
        if (first) return { message: first, duplicate: true };
      }
      if (e instanceof NotWritable) {
        const now = await this.view.visible(caller, ticketId);
        if (now.status === TicketStatus.CLOSED) throw ticketClosed();
        throw forbidden('You are no longer assigned to this ticket');
      }
      throw e;
    }
    const message = toMessageDto(stored, caller);
    const event: MessageStoredEvent = { message, customerId: ticket.customerId, agentId: ticket.agentId };
    await this.events.emitAsync(DomainEvents.MessageStored, event);
    return { message, duplicate: false };
  }

  /** Moves the caller's read marker forward (never back). */
  async markRead(caller: AuthUser, ticketId: string, seq: number): Promise<number> {
    const ticket = await this.view.visible(caller, ticketId);
    const upTo = Math.min(seq, ticket.lastSeq);
    const current = await this.markers.findOne({ where: { ticketId, userId: caller.id } });
    if (current && current.lastReadSeq >= upTo) return current.lastReadSeq;
    await this.markers.upsert({ ticketId, userId: caller.id, lastReadSeq: upTo }, ['ticketId', 'userId']);
    return upTo;
  }

  private async find(ticketId: string, sender: AuthUser, clientId: string): Promise<MessageDto | null> {
    const m = await this.messages.findOne({ where: { ticketId, senderId: sender.id, clientId } });
    return m ? toMessageDto(m, sender) : null;
  }
}

class NotWritable extends Error {}
