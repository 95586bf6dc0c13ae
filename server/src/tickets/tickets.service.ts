import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager, In, Not, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  Role,
  TicketEventType,
  TicketStatus,
  type Page,
  type TicketDto,
  type TicketEventDto,
  type TicketQuotaStatus,
} from '@ccr/shared';
import { AppError, conflict, forbidden, validation } from '../common/app-error';
import { DomainEvents, type TicketChange, type TicketCreatedEvent, type TicketUpdatedEvent } from '../common/domain-events';
import { AgentProfile } from '../users/agent-profile.entity';
import { isUniqueViolation } from '../users/users.service';
import { AppValue } from '../database/kv.entity';
import { User } from '../users/user.entity';
import type { AuthUser } from '../auth/auth-user';
import { Ticket } from './ticket.entity';
import { Rating } from './rating.entity';
import { TicketEvent } from './ticket-event.entity';
import { SettingsService } from './settings.service';
import { TicketViewService } from './ticket-view.service';
import type { CreateTicketDto, ListTicketsQuery, RateTicketDto } from './tickets.dto';

const TICKET_NUMBER = 'ticket_number';

export function recordEvent(
  em: EntityManager,
  ticketId: string,
  actorId: string | null,
  type: TicketEventType,
  data: Record<string, unknown> = {},
) {
  const event: TicketEvent = { id: randomUUID(), ticketId, actorId, type, data, createdAt: new Date() };
  return em.insert(TicketEvent, { ...event, data: event.data as never });
}

@Injectable()
export class TicketsService implements OnModuleInit {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly dataSource: DataSource,
    private readonly view: TicketViewService,
    private readonly settings: SettingsService,
    private readonly events: EventEmitter2,
  ) {}

  async onModuleInit() {
    const values = this.dataSource.getRepository(AppValue);
    if (await values.exists({ where: { name: TICKET_NUMBER } })) return;
    const max = await this.tickets.maximum('number');
    await values.insert({ name: TICKET_NUMBER, json: null, counter: max ?? 0 }).catch((e) => {
      if (!isUniqueViolation(e)) throw e; // another process created it first
    });
  }

  async create(customer: AuthUser, dto: CreateTicketDto): Promise<TicketDto> {
    const categories = await this.settings.categories();
    const category = categories.find((c) => c.toLowerCase() === dto.category.toLowerCase());
    if (!category) throw validation(`category must be one of: ${categories.join(', ')}`);
    await this.checkQuota(customer.id);

    const now = new Date();
    const ticket = await this.dataSource.transaction(async (em) => {
      // The counter row's lock hands out gap-free human numbers across processes.
      await em.increment(AppValue, { name: TICKET_NUMBER }, 'counter', 1);
      const { counter } = await em.findOneOrFail(AppValue, { where: { name: TICKET_NUMBER } });
      const row = em.create(Ticket, {
        id: randomUUID(),
        number: counter,
        customerId: customer.id,
        agentId: null,
        subject: dto.subject,
        category,
        description: dto.description,
        status: TicketStatus.OPEN,
        createdAt: now,
        updatedAt: now,
        assignedAt: null,
        closedAt: null,
        firstResponseAt: null,
        lastMessageAt: null,
        lastSeq: 0,
      });
      await em.insert(Ticket, row);
      await recordEvent(em, row.id, customer.id, TicketEventType.CREATED, { category });
      return row;
    });
    const event: TicketCreatedEvent = { ticket: await this.view.one(ticket, null) };
    await this.events.emitAsync(DomainEvents.TicketCreated, event);
    return this.view.byId(ticket.id, customer.id);
  }

  /** Where a customer stands against the quota: the newest `count` tickets of the window decide it. */
  async quotaStatus(customerId: string): Promise<TicketQuotaStatus> {
    const quota = (await this.settings.get()).ticketQuota;
    if (!quota) return { quota: null, used: null, remaining: null, nextAllowedAt: null };
    const since = new Date(Date.now() - quota.days * 86_400_000);
    const recent = await this.tickets
      .createQueryBuilder('t')
      .select('t.created_at', 'createdAt')
      .where('t.customer_id = :customerId AND t.created_at > :since', { customerId, since })
      .orderBy('t.created_at', 'DESC')
      .limit(quota.count)
      .getRawMany<{ createdAt: string | Date }>();
    const remaining = quota.count - recent.length;
    // The oldest of the newest `count` leaves the window first, and frees the next place.
    const nextAllowedAt =
      remaining > 0 ? null : new Date(new Date(recent[recent.length - 1].createdAt).getTime() + quota.days * 86_400_000).toISOString();
    return { quota, used: recent.length, remaining, nextAllowedAt };
  }

  private async checkQuota(customerId: string) {
    const { quota, nextAllowedAt } = await this.quotaStatus(customerId);
    if (!quota || !nextAllowedAt) return;
    throw new AppError(
      'RATE_LIMITED',
      `You can raise ${quota.count} ticket${quota.count === 1 ? '' : 's'} every ${quota.days} day${quota.days === 1 ? '' : 's'}; your next ticket can be raised after ${nextAllowedAt}`,
    );
  }

  /** A page of the tickets the caller may see, newest first: one query for the page and everything it shows. */
  async list(caller: AuthUser, query: ListTicketsQuery): Promise<Page<TicketDto>> {
    const limit = query.limit ?? LIMITS.ticketPageDefault;
    const where: string[] = [];
    const params: unknown[] = [];
    const and = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (caller.role === Role.CUSTOMER) and('t.customer_id = ?', caller.id);
    if (caller.role === Role.AGENT) and('t.agent_id = ?', caller.id);
    if (query.status) and('t.status = ?', query.status);
    if (query.assigned === true) and('t.agent_id IS NOT NULL');
    if (query.assigned === false) and('t.agent_id IS NULL');
    if (query.agentId) and('t.agent_id = ?', query.agentId);
    if (query.category) and('t.category = ?', query.category);
    if (query.q) {
      const term = query.q;
      // '!' escapes the wildcards: a backslash literal means different things to MySQL, MariaDB and SQLite.
      const like = `%${term.replace(/[!%_]/g, (c) => '!' + c)}%`;
      if (/^#?\d{1,9}$/.test(term)) and("(t.subject LIKE ? ESCAPE '!' OR t.number = ?)", like, Number(term.replace('#', '')));
      else and("t.subject LIKE ? ESCAPE '!'", like);
    }
    if (query.cursor) and('t.number < ?', Number(query.cursor));
    const rows = await this.view.joined(caller.id, where.length ? where.join(' AND ') : '1 = 1', [...params, limit + 1], {
      tail: 'ORDER BY t.number DESC LIMIT ?',
    });
    const page = rows.slice(0, limit);
    // Conversation lists (a customer's tickets, an agent's workspace) show each chat's latest message;
    // the admins' lists do not, and do not pay for it.
    const [items, previews] = await Promise.all([
      this.view.fromJoined(page),
      caller.role === Role.ADMIN ? null : this.view.lastMessages(page),
    ]);
    if (previews) for (const t of items) t.lastMessage = previews.get(t.id) ?? null;
    return {
      items,
      nextCursor: rows.length > limit ? String(Number(page[page.length - 1].number)) : null,
    };
  }

  async get(caller: AuthUser, id: string): Promise<TicketDto> {
    return this.view.one(await this.view.visible(caller, id), caller.id);
  }

  /** The audit trail, oldest first, with the people it names resolved to first names. */
  async history(caller: AuthUser, id: string): Promise<TicketEventDto[]> {
    await this.view.visible(caller, id);
    const rows = await this.dataSource
      .getRepository(TicketEvent)
      .find({ where: { ticketId: id }, order: { createdAt: 'ASC' }, take: 1000 });
    const named = (e: TicketEvent) => [e.actorId, e.data.agentId, e.data.previousAgentId].filter((x): x is string => typeof x === 'string');
    const ids = [...new Set(rows.flatMap(named))];
    const users = ids.length ? await this.dataSource.getRepository(User).find({ where: { id: In(ids) } }) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    const nameOf = (userId: unknown) => (typeof userId === 'string' ? (byId.get(userId)?.firstName ?? null) : null);
    // Events are written in order within a ticket; equal timestamps keep their insertion order by type.
    return rows.map((e) => {
      const actor = e.actorId ? byId.get(e.actorId) : undefined;
      const data: Record<string, unknown> = { ...e.data };
      if ('agentId' in data) data.agentName = nameOf(data.agentId);
      if ('previousAgentId' in data) data.previousAgentName = nameOf(data.previousAgentId);
      return {
        id: e.id,
        type: e.type,
        actor: actor
          ? {
              id: actor.id,
              firstName: actor.firstName,
              ...(caller.role === Role.ADMIN ? { lastName: actor.lastName } : {}),
              role: actor.role,
            }
          : null,
        data,
        createdAt: e.createdAt.toISOString(),
      };
    });
  }

  /** The same customer's other tickets, newest first, for whoever may see this one (agents see their requester's history). */
  async customerTickets(caller: AuthUser, id: string): Promise<TicketDto[]> {
    const ticket = await this.view.visible(caller, id);
    const others = await this.tickets.find({
      where: { customerId: ticket.customerId, id: Not(id) },
      order: { number: 'DESC' },
      take: LIMITS.customerTicketsMax,
    });
    return this.view.many(others, caller.id);
  }

  /** The owning customer or an admin closes; closing again changes nothing. */
  async close(caller: AuthUser, id: string): Promise<TicketDto> {
    const ticket = await this.view.visible(caller, id);
    if (caller.role === Role.AGENT) throw forbidden('Only the customer or an admin can close a ticket');
    if (ticket.status === TicketStatus.CLOSED) return this.view.one(ticket, caller.id);

    const now = new Date();
    const closed = await this.dataSource.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Ticket)
        .set({ status: TicketStatus.CLOSED, closedAt: now, updatedAt: now })
        .where('id = :id AND status <> :closed', { id, closed: TicketStatus.CLOSED })
        .execute();
      if (!result.affected) return false; // closed concurrently
      const current = await em.findOneByOrFail(Ticket, { id });
      if (current.agentId) {
        await em.decrement(AgentProfile, { userId: current.agentId }, 'openTickets', 1);
      }
      await recordEvent(em, id, caller.id, TicketEventType.CLOSED, { by: caller.role });
      return true;
    });
    if (closed) await this.publishUpdate(id, 'closed', null);
    return this.view.byId(id, caller.id);
  }

  async rate(caller: AuthUser, id: string, dto: RateTicketDto): Promise<{ score: number; comment: string | null }> {
    const ticket = await this.view.visible(caller, id);
    if (caller.role !== Role.CUSTOMER) throw forbidden('Only the customer can rate a ticket');
    if (ticket.status !== TicketStatus.CLOSED) throw conflict('A ticket can be rated once it is closed');
    const rating = { ticketId: id, score: dto.score, comment: dto.comment || null, createdAt: new Date() };
    try {
      await this.dataSource.transaction(async (em) => {
        await em.insert(Rating, rating);
        await recordEvent(em, id, caller.id, TicketEventType.RATED, { score: dto.score });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('This ticket has already been rated');
      throw e;
    }
    await this.publishUpdate(id, 'rated', null);
    return { score: rating.score, comment: rating.comment };
  }

  /** Tells everyone concerned that a ticket changed, each with their own unread count. */
  async publishUpdate(id: string, change: TicketChange, previousAgentId: string | null): Promise<void> {
    const ticket = await this.tickets.findOneByOrFail({ id });
    const event: TicketUpdatedEvent = {
      ticket: await this.view.one(ticket, null),
      change,
      previousAgentId,
      unread: await this.view.unreadFor(ticket, [ticket.customerId, ticket.agentId ?? '']),
    };
    await this.events.emitAsync(DomainEvents.TicketUpdated, event);
  }
}
