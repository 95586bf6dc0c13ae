import type { Role, SavedReplyScope, TicketEventType, TicketStatus } from './enums';

export interface UserDto {
  id: string;
  role: Role;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: string;
}

export interface AgentDto extends UserDto {
  expertise: string[];
  maxConcurrent: number;
  active: boolean;
  /** The agent said they take no new tickets for now (their open chats go on); auto-assignment passes them by. */
  away: boolean;
  online: boolean;
  openTickets: number;
  /** Average of the ratings customers gave this agent's tickets (null before the first). */
  ratingAverage: number | null;
  ratingCount: number;
}

export interface AuthResponse {
  user: UserDto | AgentDto;
  accessToken: string;
}

export interface PersonRef {
  id: string;
  firstName: string;
  lastName: string;
}

export interface AgentRef extends PersonRef {
  expertise: string[];
  online?: boolean;
}

export interface RatingDto {
  score: number;
  comment: string | null;
}

/** The start of a ticket's latest message, for conversation lists. */
export interface MessagePreview {
  seq: number;
  sender: { id: string; role: Role; firstName: string };
  /** The body's first characters: at most `LIMITS.messagePreviewLength`, ending in "…" when cut (see `previewBody`). */
  body: string;
  createdAt: string;
}

export interface TicketDto {
  id: string;
  number: number;
  subject: string;
  category: string;
  description: string;
  status: TicketStatus;
  customer: PersonRef;
  agent: AgentRef | null;
  createdAt: string;
  updatedAt: string;
  assignedAt: string | null;
  closedAt: string | null;
  firstResponseAt: string | null;
  lastMessageAt: string | null;
  /** Highest message seq stored for this ticket (0 when there are none). */
  lastSeq: number;
  unread: number;
  rating: RatingDto | null;
  /** Present on OPEN tickets: 1 is next to be assigned. */
  queuePosition?: number;
  estimatedWaitSeconds?: number | null;
  /**
   * In the pages of GET /tickets answered to customers and agents: the ticket's latest message (null
   * before the first). Absent from every other ticket answer (admins' lists, single tickets, events).
   */
  lastMessage?: MessagePreview | null;
}

export interface MessageDto {
  id: string;
  ticketId: string;
  seq: number;
  clientId: string;
  sender: { id: string; role: Role; firstName: string };
  body: string;
  createdAt: string;
}

export interface TicketEventDto {
  id: string;
  type: TicketEventType;
  /** `lastName` only in the answers to admins, who tell their colleagues apart by it in the history. */
  actor: { id: string; firstName: string; lastName?: string; role: Role } | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Settings {
  autoAssign: boolean;
  ticketQuota: { count: number; days: number } | null;
}

/** Where the calling customer stands against the ticket quota (GET /tickets/quota). */
export interface TicketQuotaStatus {
  /** The admin's quota, or null when there is none (then every other field is null). */
  quota: { count: number; days: number } | null;
  /** Tickets raised in the last `quota.days` days, counted up to `quota.count`. */
  used: number | null;
  /** How many more may be raised now. */
  remaining: number | null;
  /** When the next ticket may be raised, when `remaining` is 0 (ISO instant); else null. */
  nextAllowedAt: string | null;
}

export interface Stats {
  open: number;
  assigned: number;
  closedToday: number;
  longestWaitSeconds: number;
  medianFirstResponseSeconds: number | null;
  medianResolutionSeconds: number | null;
  csatAverage: number | null;
  agents: {
    id: string;
    firstName: string;
    online: boolean;
    /** Taking no new chats for now (see AgentDto.away). */
    away: boolean;
    openTickets: number;
    maxConcurrent: number;
    ratingAverage: number | null;
    ratingCount: number;
  }[];
  /** The last 14 UTC days, oldest first, every day present (zeros included). */
  ticketsPerDay: { date: string; created: number; closed: number }[];
  /** Median first-response time of the tickets raised on each of the last 14 UTC days (null when none was answered). */
  firstResponsePerDay: { date: string; medianSeconds: number | null }[];
}

export interface HealthDto {
  status: 'ok' | 'error';
  db: 'up' | 'down';
  realtime: 'up' | 'down';
}

/** A reply kept to be inserted in the composer by its shortcut ("/refund"); placeholders are filled there. */
export interface SavedReplyDto {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  /** TEAM: every agent's, kept by admins. PERSONAL: the signed-in agent's own. */
  scope: SavedReplyScope;
  createdAt: string;
  updatedAt: string;
}

/** A new email waiting for the code mailed to it (`POST /api/auth/email-change`); the account keeps its email until then. */
export interface EmailChangePending {
  email: string;
  expiresAt: string;
}
