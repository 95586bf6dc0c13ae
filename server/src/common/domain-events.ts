import type { AgentDto, MessageDto, TicketDto, UserDto } from '@ccr/shared';

/** Typed in-process events published by the domain services; realtime and mail subscribe. */
export const DomainEvents = {
  TicketCreated: 'ticket.created',
  TicketUpdated: 'ticket.updated',
  MessagesStored: 'messages.stored',
  AgentChanged: 'agent.changed',
  AgentSaved: 'agent.saved',
  SessionsRevoked: 'sessions.revoked',
  UserRenamed: 'user.renamed',
  /** The same, learned from another process (not published again). */
  UserRenamedElsewhere: 'user.renamed.elsewhere',
  QueueMoved: 'queue.moved',
  SavedRepliesChanged: 'saved-replies.changed',
} as const;

/** Saved replies of the team (ownerId null) or of one agent were added, changed or deleted. */
export interface SavedRepliesChangedEvent {
  ownerId: string | null;
}

export type TicketChange = 'created' | 'assigned' | 'reassigned' | 'closed' | 'rated';

export interface TicketUpdatedEvent {
  ticket: TicketDto;
  change: TicketChange;
  previousAgentId: string | null;
  /** Unread counts for the customer and agent, so each gets its own figure. */
  unread: Record<string, number>;
}

export interface TicketCreatedEvent {
  ticket: TicketDto;
}

export interface StoredMessage {
  message: MessageDto;
  customerId: string;
  agentId: string | null;
  /** This message is the ticket's first answer from an agent (it set first_response_at). */
  firstResponse?: boolean;
}

/** The messages one transaction of the group commit stored, in seq order: one event per batch, not per message. */
export interface MessagesStoredEvent {
  messages: StoredMessage[];
}

/** Waiting tickets whose queue position changed, each with its customer's unread count. */
export interface QueueMovedEvent {
  tickets: TicketDto[];
}

export interface AgentChangedEvent {
  agentId: string;
  deactivated: boolean;
}

export interface SessionsRevokedEvent {
  userId: string;
  /** Tokens with a lower version are dead. */
  tokenVersion: number;
}

/** An agent as admins now see it, after a create or an update has taken full effect (tickets requeued, sessions ended). */
export interface AgentSavedEvent {
  agent: AgentDto;
}

/** A user's name (by themselves, or an agent's by an admin) or email (confirmed by its code) changed: the account as it now is. */
export interface UserRenamedEvent {
  user: UserDto | AgentDto;
}
