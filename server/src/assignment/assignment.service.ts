import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource, In, Repository } from 'typeorm';
import { TicketEventType, TicketStatus, type TicketDto } from '@ccr/shared';
import { conflict, notFound } from '../common/app-error';
import { isTransientConflict } from '../common/error-mapping';
import { DomainEvents, type AgentChangedEvent, type TicketUpdatedEvent } from '../common/domain-events';
import type { AuthUser } from '../auth/auth-user';
import { AgentProfile } from '../users/agent-profile.entity';
import { PresenceService } from '../realtime/presence.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketEvent } from '../tickets/ticket-event.entity';
import { TicketsService, recordEvent } from '../tickets/tickets.service';
import { TicketViewService } from '../tickets/ticket-view.service';
import { SettingsService } from '../tickets/settings.service';
import { SETTINGS_CHANGED } from '../tickets/settings.controller';
import { rankCandidates, type Candidate } from './assignment.policy';

export const AGENT_ONLINE = 'agent.online';

/**
 * An UPDATE's value for `agent_sent_seq` when the ticket gets an agent: the seq of that agent's latest
 * message in it (an agent given a ticket back has still read what they wrote there). Needs the
 * parameters `sentTicketId` and `sentAgentId`.
 */
const agentSentSeq = () =>
  '(SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.ticket_id = :sentTicketId AND m.sender_id = :sentAgentId)';

@Injectable()
export class AssignmentService {
  private readonly logger = new Logger('Assignment');
  /** Runs of the queue are chained so one process never races itself; other processes are held off by conditional updates. */
  private queueRun: Promise<void> = Promise.resolve();
  private rerun = false;
  private conflicts = 0;

  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    @InjectRepository(AgentProfile) private readonly profiles: Repository<AgentProfile>,
    @InjectRepository(TicketEvent) private readonly events: Repository<TicketEvent>,
    private readonly dataSource: DataSource,
    private readonly ticketsService: TicketsService,
    private readonly view: TicketViewService,
    private readonly settings: SettingsService,
    private readonly presence: PresenceService,
  ) {}

  /** An admin's manual assignment or reassignment; it may exceed capacity and always wins. */
  async assign(admin: AuthUser, ticketId: string, agentId: string): Promise<TicketDto> {
    const ticket = await this.tickets.findOne({ where: { id: ticketId } });
    if (!ticket) throw notFound();
    if (ticket.status === TicketStatus.CLOSED) throw conflict('A closed ticket cannot be assigned');
    const profile = await this.profiles.findOne({ where: { userId: agentId } });
    if (!profile) throw notFound('Agent');
    if (!profile.active) throw conflict('This agent is deactivated');
    if (ticket.agentId === agentId) return this.view.one(ticket, admin.id);

    const previousAgentId = ticket.agentId;
    const now = new Date();
    await this.dataSource.transaction(async (em) => {
      const qb = em
        .createQueryBuilder()
        .update(Ticket)
        .set({ agentId, status: TicketStatus.ASSIGNED, assignedAt: now, updatedAt: now, agentSentSeq })
        .where('id = :ticketId AND status <> :closed', { ticketId, closed: TicketStatus.CLOSED })
        .setParameters({ sentTicketId: ticketId, sentAgentId: agentId });
      // Only if nobody changed the ticket since we read it.
      if (previousAgentId) qb.andWhere('agent_id = :previousAgentId', { previousAgentId });
      else qb.andWhere('agent_id IS NULL');
      const result = await qb.execute();
      if (!result.affected) throw conflict('The ticket changed meanwhile; reload and try again');
      if (previousAgentId) await em.decrement(AgentProfile, { userId: previousAgentId }, 'openTickets', 1);
      await em
        .createQueryBuilder()
        .update(AgentProfile)
        .set({ openTickets: () => 'open_tickets + 1', lastAssignedAt: now })
        .where('user_id = :agentId', { agentId })
        .execute();
      await recordEvent(em, ticketId, admin.id, previousAgentId ? TicketEventType.REASSIGNED : TicketEventType.ASSIGNED, {
        agentId,
        previousAgentId,
        mode: 'manual',
      });
    });
    await this.ticketsService.publishUpdate(ticketId, previousAgentId ? 'reassigned' : 'assigned', previousAgentId);
    return this.view.byId(ticketId, admin.id);
  }

  /** Assigns waiting tickets, oldest first, while the setting is on and eligible agents have room. */
  drainQueue(): Promise<void> {
    if (this.rerun) return this.queueRun;
    this.rerun = true;
    this.queueRun = this.queueRun.then(async () => {
      this.rerun = false;
      try {
        await this.assignWaiting();
        this.conflicts = 0;
      } catch (e) {
        // Another process's queue run deadlocked with this one: the loser runs again shortly, so no slot stays idle.
        if (isTransientConflict(e) && this.conflicts++ < 10) {
          setTimeout(() => void this.drainQueue(), 20 + Math.random() * 80).unref();
          return;
        }
        this.conflicts = 0;
        this.logger.error(`auto-assignment failed: ${(e as Error).message}`);
      }
    });
    return this.queueRun;
  }

  private async assignWaiting(): Promise<void> {
    if (!(await this.settings.get()).autoAssign) return;
    const waiting = await this.tickets.find({ where: { status: TicketStatus.OPEN }, order: { number: 'ASC' }, take: 500 });
    if (!waiting.length) return;
    const profiles = await this.profiles.find({ where: { active: true } });
    const online = await this.presence.onlineMap(profiles.map((p) => p.userId));
    const agents: Candidate[] = profiles.map((p) => ({ ...p, online: online.get(p.userId) ?? false }));
    const takenFrom = await this.takenFrom(waiting.map((t) => t.id));
    for (const ticket of waiting) {
      for (const agent of rankCandidates(agents, ticket.category, takenFrom.get(ticket.id))) {
        const outcome = await this.tryAssign(ticket, agent.userId);
        if (outcome === 'agent-full') {
          agent.openTickets = agent.maxConcurrent;
          continue;
        }
        if (outcome === 'assigned') {
          agent.openTickets += 1;
          agent.lastAssignedAt = new Date();
          await this.ticketsService.publishUpdate(ticket.id, 'assigned', null);
        }
        break; // assigned, or taken by someone else
      }
    }
  }

  /**
   * For each ticket, the agents an admin returned it to the queue from: auto-assignment does not
   * hand it back to them (that would undo the admin's click at once); an admin still can.
   */
  private async takenFrom(ticketIds: string[]): Promise<Map<string, Set<string>>> {
    const taken = new Map<string, Set<string>>();
    const events = await this.events.find({
      select: { ticketId: true, actorId: true, data: true },
      where: { ticketId: In(ticketIds), type: TicketEventType.REASSIGNED },
    });
    for (const e of events) {
      const from = e.data.previousAgentId;
      if (e.actorId === null || e.data.agentId !== null || typeof from !== 'string') continue;
      const agents = taken.get(e.ticketId) ?? new Set<string>();
      taken.set(e.ticketId, agents.add(from));
    }
    return taken;
  }

  /** Claims a slot on the agent and the ticket with conditional updates, so no agent exceeds capacity under any concurrency. */
  private async tryAssign(ticket: Ticket, agentId: string): Promise<'assigned' | 'agent-full' | 'ticket-taken'> {
    const now = new Date();
    try {
      return await this.dataSource.transaction(async (em) => {
        const slot = await em
          .createQueryBuilder()
          .update(AgentProfile)
          .set({ openTickets: () => 'open_tickets + 1', lastAssignedAt: now })
          .where('user_id = :agentId AND active = :active AND open_tickets < max_concurrent', { agentId, active: true })
          .execute();
        if (!slot.affected) return 'agent-full';
        const claimed = await em
          .createQueryBuilder()
          .update(Ticket)
          .set({ agentId, status: TicketStatus.ASSIGNED, assignedAt: now, updatedAt: now, agentSentSeq })
          .where('id = :id AND status = :open', { id: ticket.id, open: TicketStatus.OPEN })
          .setParameters({ sentTicketId: ticket.id, sentAgentId: agentId })
          .execute();
        if (!claimed.affected) throw new TicketTaken();
        await recordEvent(em, ticket.id, null, TicketEventType.ASSIGNED, { agentId, previousAgentId: null, mode: 'auto' });
        return 'assigned';
      });
    } catch (e) {
      if (e instanceof TicketTaken) return 'ticket-taken';
      throw e;
    }
  }

  /** An admin returns a ticket to the queue, from whichever agent holds it; an unassigned one is left as it is. */
  async unassign(admin: AuthUser, ticketId: string): Promise<TicketDto> {
    const ticket = await this.tickets.findOne({ where: { id: ticketId } });
    if (!ticket) throw notFound();
    if (ticket.status === TicketStatus.CLOSED) throw conflict('A closed ticket cannot go back to the queue');
    if (!ticket.agentId) return this.view.one(ticket, admin.id);
    if (!(await this.release(ticketId, ticket.agentId, admin.id, 'manual'))) {
      throw conflict('The ticket changed meanwhile; reload and try again');
    }
    return this.view.byId(ticketId, admin.id);
  }

  /** Returns a deactivated agent's open tickets to the queue. */
  private async releaseTickets(agentId: string): Promise<void> {
    const held = await this.tickets.find({ where: { agentId, status: TicketStatus.ASSIGNED } });
    for (const ticket of held) await this.release(ticket.id, agentId, null, 'deactivated');
  }

  /** Takes a ticket from `agentId` back into the queue, if that agent still holds it; answers whether it did. */
  private async release(ticketId: string, agentId: string, actorId: string | null, mode: 'manual' | 'deactivated'): Promise<boolean> {
    const now = new Date();
    const released = await this.dataSource.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Ticket)
        .set({ agentId: null, status: TicketStatus.OPEN, assignedAt: null, updatedAt: now, agentSentSeq: 0 })
        .where('id = :id AND agent_id = :agentId AND status = :assigned', { id: ticketId, agentId, assigned: TicketStatus.ASSIGNED })
        .execute();
      if (!result.affected) return false;
      await em.decrement(AgentProfile, { userId: agentId }, 'openTickets', 1);
      await recordEvent(em, ticketId, actorId, TicketEventType.REASSIGNED, { agentId: null, previousAgentId: agentId, mode });
      return true;
    });
    if (released) await this.ticketsService.publishUpdate(ticketId, 'reassigned', agentId);
    return released;
  }

  @OnEvent(DomainEvents.TicketCreated, { promisify: true })
  onTicketCreated() {
    return this.drainQueue();
  }

  @OnEvent(DomainEvents.TicketUpdated, { promisify: true })
  onTicketUpdated(event: TicketUpdatedEvent) {
    // A close or a reassignment frees a slot.
    if (event.change === 'closed' || event.change === 'reassigned') return this.drainQueue();
  }

  @OnEvent(DomainEvents.AgentChanged, { promisify: true })
  async onAgentChanged(event: AgentChangedEvent) {
    if (event.deactivated) await this.releaseTickets(event.agentId);
    await this.drainQueue();
  }

  @OnEvent(AGENT_ONLINE, { promisify: true })
  onAgentOnline() {
    return this.drainQueue();
  }

  @OnEvent(SETTINGS_CHANGED, { promisify: true })
  onSettingsChanged() {
    return this.drainQueue();
  }
}

class TicketTaken extends Error {}
