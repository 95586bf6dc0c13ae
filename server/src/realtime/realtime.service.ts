import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Server } from 'socket.io';
import {
  Role,
  rooms,
  SavedReplyScope,
  TicketStatus,
  type ClientToServerEvents,
  type MessageDto,
  type ServerToClientEvents,
  type TicketDto,
  type UserDto,
} from '@ccr/shared';
import {
  DomainEvents,
  type AgentSavedEvent,
  type MessagesStoredEvent,
  type QueueMovedEvent,
  type SavedRepliesChangedEvent,
  type SessionsRevokedEvent,
  type TicketCreatedEvent,
  type TicketUpdatedEvent,
  type UserRenamedEvent,
} from '../common/domain-events';
import { AgentProfile } from '../users/agent-profile.entity';
import { Ticket } from '../tickets/ticket.entity';
import { PresenceService } from './presence.service';
import { coalesceWrites } from './coalesce-writes';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
/** A stored message and the rooms it goes to. */
type Delivery = [targets: string[], message: MessageDto];
/** The server-side event (between processes, through the Redis adapter) that carries one stored batch. */
const STORED_BATCH = 'messages:stored';
/** The server-side event that carries a renamed user to the other processes. */
const RENAMED = 'user:renamed';

/** Turns domain events into Socket.IO emits to rooms: `ticket:<id>`, `user:<id>`, `admins`. */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');
  private server: IoServer | null = null;
  /** The lowest token version still valid per user, learned from revocations here and on other processes. */
  private readonly minTokenVersion = new Map<string, number>();

  constructor(
    @InjectRepository(AgentProfile) private readonly profiles: Repository<AgentProfile>,
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly presence: PresenceService,
    private readonly events: EventEmitter2,
  ) {}

  attach(server: IoServer, clustered: boolean) {
    this.server = server;
    this.clustered = clustered;
    coalesceWrites(server);
    if (clustered) {
      server.on('revoked' as never, ((userId: string, tokenVersion: number) => this.noteRevoked(userId, tokenVersion)) as never);
      server.on(RENAMED as never, ((user: UserDto) => void this.renamedElsewhere(user)) as never);
      server.on(STORED_BATCH as never, ((deliveries: Delivery[]) => this.deliverHere(deliveries)) as never);
    }
  }

  private clustered = false;

  private noteRevoked(userId: string, tokenVersion: number) {
    if ((this.minTokenVersion.get(userId) ?? 0) < tokenVersion) this.minTokenVersion.set(userId, tokenVersion);
  }

  /** Checked on every socket event: false once the user's sessions were revoked after this token was issued. */
  isCurrent(userId: string, tokenVersion: number): boolean {
    return tokenVersion >= (this.minTokenVersion.get(userId) ?? 0);
  }

  get ready(): boolean {
    return this.server !== null;
  }

  /**
   * A stored batch goes to every socket of its tickets and their people. With several processes, the
   * other processes get the whole batch as one server-side event (one Redis publish per batch, where the
   * adapter would publish every emit on its own) and each emits it to its own sockets; this process
   * emits to its own sockets directly.
   */
  @OnEvent(DomainEvents.MessagesStored)
  onMessages({ messages }: MessagesStoredEvent) {
    const server = this.server;
    if (!server) return;
    const deliveries = messages.map(({ message, customerId, agentId }): Delivery => {
      const targets = [rooms.ticket(message.ticketId), rooms.user(customerId)];
      if (agentId) targets.push(rooms.user(agentId));
      return [targets, message];
    });
    if (this.clustered) server.serverSideEmit(STORED_BATCH as never, deliveries as never);
    this.deliverHere(deliveries);
  }

  /** Emits each message to the union of its rooms among this process's sockets: each socket receives it once. */
  private deliverHere(deliveries: Delivery[]) {
    const local = this.server?.local;
    if (!local || !Array.isArray(deliveries)) return;
    for (const [targets, message] of deliveries) local.to(targets).emit('message:new', message);
  }

  @OnEvent(DomainEvents.TicketCreated)
  onCreated({ ticket }: TicketCreatedEvent) {
    this.server?.to(rooms.admins).emit('ticket:created', ticket);
    this.server?.to(rooms.user(ticket.customer.id)).emit('ticket:updated', ticket);
  }

  @OnEvent(DomainEvents.TicketUpdated)
  async onUpdated({ ticket, previousAgentId, unread }: TicketUpdatedEvent) {
    const server = this.server;
    if (!server) return;
    const personal = (userId: string): TicketDto => ({ ...ticket, unread: unread[userId] ?? 0 });
    server.to(rooms.user(ticket.customer.id)).emit('ticket:updated', personal(ticket.customer.id));
    if (ticket.agent) server.to(rooms.user(ticket.agent.id)).emit('ticket:updated', personal(ticket.agent.id));
    server.to(rooms.admins).emit('ticket:updated', ticket);
    if (previousAgentId && previousAgentId !== ticket.agent?.id) {
      // The old agent loses the ticket at once: told, and taken out of its room.
      server.in(rooms.user(previousAgentId)).socketsLeave(rooms.ticket(ticket.id));
      server.to(rooms.user(previousAgentId)).emit('ticket:updated', { ...ticket, unread: 0 });
      await this.agentPresenceLoad(previousAgentId);
    }
    if (ticket.agent) await this.agentPresenceLoad(ticket.agent.id);
  }

  /** A waiting customer sees their place in the queue move without reloading. */
  @OnEvent(DomainEvents.QueueMoved)
  onQueueMoved({ tickets }: QueueMovedEvent) {
    for (const ticket of tickets) this.server?.to(rooms.user(ticket.customer.id)).emit('ticket:updated', ticket);
  }

  /** The team's replies reach every agent and admin; an agent's own reach that agent's other tabs. */
  @OnEvent(DomainEvents.SavedRepliesChanged)
  onSavedRepliesChanged({ ownerId }: SavedRepliesChangedEvent) {
    const event = { scope: ownerId ? SavedReplyScope.PERSONAL : SavedReplyScope.TEAM };
    this.server?.to(ownerId ? rooms.user(ownerId) : [rooms.agents, rooms.admins]).emit('saved-replies:changed', event);
  }

  @OnEvent(DomainEvents.AgentSaved)
  onAgentSaved({ agent }: AgentSavedEvent) {
    // The agent's own tabs too: away set in one shows in the others, an admin's edit at once.
    this.server?.to(rooms.admins).to(rooms.user(agent.id)).emit('agent:updated', agent);
  }

  /**
   * A user's name changed: their own sockets and pages learn it (`account:updated`), and every open
   * socket of theirs, on every process, sends and types under the new name from now on (a socket
   * keeps the account it was opened with).
   */
  @OnEvent(DomainEvents.UserRenamed, { promisify: true })
  async onUserRenamed({ user }: UserRenamedEvent) {
    // The sockets first, here and (published before the news) on the other processes: what the
    // user sends once told already carries the new name.
    await this.renameHere(user);
    if (this.clustered) this.server?.serverSideEmit(RENAMED as never, user as never);
    this.server?.to(rooms.user(user.id)).emit('account:updated', user);
    await this.tellPeers(user);
  }

  /**
   * The people on the other side of the user's open tickets, and admins, learn the new name, so the
   * messages and lists already on their screens show it (closed chats show it when next opened).
   * Nobody else: a name says nothing to those who never met its owner.
   */
  private async tellPeers({ id, role, firstName, lastName }: UserDto) {
    const server = this.server;
    if (!server || role === Role.ADMIN) return;
    const customer = role === Role.CUSTOMER;
    const open = await this.tickets.find({
      select: { customerId: true, agentId: true },
      where: { ...(customer ? { customerId: id } : { agentId: id }), status: In([TicketStatus.OPEN, TicketStatus.ASSIGNED]) },
    });
    const peers = new Set(open.map((t) => (customer ? t.agentId : t.customerId)).filter((p): p is string => !!p));
    server.to([...[...peers].map((p) => rooms.user(p)), rooms.admins]).emit('person:renamed', { userId: id, firstName, lastName });
  }

  /** Renamed through another process: this one's sockets, and its lookups of the account (handshake cache), follow. */
  private async renamedElsewhere(user: UserDto) {
    const event: UserRenamedEvent = { user };
    this.events.emit(DomainEvents.UserRenamedElsewhere, event);
    await this.renameHere(user);
  }

  private async renameHere({ id, firstName, lastName, email }: UserDto) {
    for (const socket of (await this.server?.in(rooms.user(id)).local.fetchSockets()) ?? []) {
      const data = socket.data as { user?: { firstName: string; lastName: string; email: string } };
      if (data.user) data.user = { ...data.user, firstName, lastName, email };
    }
  }

  @OnEvent(DomainEvents.SessionsRevoked)
  onRevoked({ userId, tokenVersion }: SessionsRevokedEvent) {
    this.noteRevoked(userId, tokenVersion);
    if (this.clustered) this.server?.serverSideEmit('revoked' as never, userId as never, tokenVersion as never);
    // Every open socket of the user, on every process, is closed now; the client must sign in again.
    this.server?.in(rooms.user(userId)).disconnectSockets(true);
  }

  /**
   * Tells admins an agent's online state and load (`agent:presence`), and the customers whose open
   * chats the agent holds whether their agent is online (`agent:online`: nothing else, so a customer
   * learns neither the agent's load nor anything about agents who are not on their tickets).
   */
  async agentPresence(agentId: string, online: boolean, toCustomers = true) {
    const server = this.server;
    if (!server) return;
    const profile = await this.profiles.findOne({ where: { userId: agentId } });
    server.to(rooms.admins).emit('agent:presence', { agentId, online, openTickets: profile?.openTickets ?? 0 });
    if (!toCustomers) return;
    const served = await this.tickets.find({ select: { customerId: true }, where: { agentId, status: TicketStatus.ASSIGNED } });
    if (served.length) server.to([...new Set(served.map((t) => rooms.user(t.customerId)))]).emit('agent:online', { agentId, online });
  }

  private async agentPresenceLoad(agentId: string) {
    await this.agentPresence(agentId, await this.presence.isOnline(agentId), false);
  }
}
