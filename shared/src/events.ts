import type { ErrorCode } from './errors';
import type { Role, SavedReplyScope } from './enums';
import type { AgentDto, MessageDto, TicketDto, UserDto } from './dto';

/** Every client→server event is acknowledged with one of these. */
export type AckError = { ok: false; error: { code: ErrorCode; message: string } };
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
export type AckFn<T extends object = object> = (answer: Ack<T>) => void;

export interface JoinPayload {
  ticketId: string;
  afterSeq?: number;
}
export interface SendPayload {
  ticketId: string;
  clientId: string;
  body: string;
}
export interface TypingPayload {
  ticketId: string;
  typing: boolean;
}
export interface ReadPayload {
  ticketId: string;
  seq: number;
}

/** The answer to `ticket:join`. */
export interface JoinAnswer {
  ticket: TicketDto;
  /** Every message with seq > afterSeq (all if absent), ascending, at most `LIMITS.joinBacklogMax`. */
  messages: MessageDto[];
  /**
   * How far the other side of the chat has read (their read marker, or the seq of their own latest
   * message if higher: a writer has read what they wrote): for the ticket's customer, its agent's
   * (0 while there is none); for its agent, the customer's. Null for anyone else (admins).
   * `message:read` events from that side raise it afterwards.
   */
  peerReadSeq: number | null;
}

export interface ClientToServerEvents {
  'ticket:join': (payload: JoinPayload, ack: AckFn<JoinAnswer>) => void;
  'ticket:leave': (payload: { ticketId: string }, ack: AckFn) => void;
  'message:send': (payload: SendPayload, ack: AckFn<{ message: MessageDto }>) => void;
  typing: (payload: TypingPayload, ack: AckFn) => void;
  'message:read': (payload: ReadPayload, ack: AckFn) => void;
  /** Hands the socket a refreshed token of the same user, so it outlives the one it connected with. */
  'auth:refresh': (payload: { token: string }, ack: AckFn<{ expiresAt: string }>) => void;
}

export interface TypingEvent {
  ticketId: string;
  userId: string;
  role: Role;
  typing: boolean;
}
export interface ReadEvent {
  ticketId: string;
  userId: string;
  seq: number;
}
export interface PresenceEvent {
  agentId: string;
  online: boolean;
  openTickets: number;
}
/**
 * What a customer may know about an agent: whether they are online. Sent only to the customers whose
 * open chats that agent holds, never with the agent's load or anything about other agents.
 */
export interface AgentOnlineEvent {
  agentId: string;
  online: boolean;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageDto) => void;
  'ticket:created': (ticket: TicketDto) => void;
  'ticket:updated': (ticket: TicketDto) => void;
  typing: (event: TypingEvent) => void;
  'message:read': (event: ReadEvent) => void;
  'agent:presence': (event: PresenceEvent) => void;
  'agent:online': (event: AgentOnlineEvent) => void;
  /** To admins and to the agent: an agent was created or changed (expertise, capacity, active, away), as `GET /api/agents` lists it. */
  'agent:updated': (agent: AgentDto) => void;
  /** To the user's own sockets: their account changed (a new name), as `GET /api/auth/me` answers it. */
  'account:updated': (user: UserDto | AgentDto) => void;
  /**
   * Saved replies changed: the team's (to every agent and admin) or the user's own (to their other
   * tabs). The lists to fetch again (`GET /api/saved-replies`); nothing else is said.
   */
  'saved-replies:changed': (event: SavedRepliesChangedEvent) => void;
  /**
   * A customer or an agent put their name right: to the people who share an open ticket with them and
   * to admins, so the chats and lists already on their screens show the new name.
   */
  'person:renamed': (event: PersonRenamedEvent) => void;
}

export interface PersonRenamedEvent {
  userId: string;
  firstName: string;
  lastName: string;
}

export interface SavedRepliesChangedEvent {
  scope: SavedReplyScope;
}

/** Names of the Socket.IO rooms the server uses. */
export const rooms = {
  ticket: (ticketId: string) => `ticket:${ticketId}`,
  user: (userId: string) => `user:${userId}`,
  admins: 'admins',
  agents: 'agents',
} as const;
