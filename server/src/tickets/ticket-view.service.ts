import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type TicketUpdatedEvent } from '../common/domain-events';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { LIMITS, previewBody, Role, TicketStatus, type MessagePreview, type TicketDto } from '@ccr/shared';
import { iso, toDate } from '../common/time';
import { notFound } from '../common/app-error';
import type { AuthUser } from '../auth/auth-user';
import { PresenceService } from '../realtime/presence.service';
import { SqlReads } from '../database/sql-reads';
import { ReadMarker } from '../address-column/read-marker.entity';
import { Ticket, unreadOf } from './ticket.entity';

/** Who may see a ticket: its customer, its agent, and admins. Everyone else gets NOT_FOUND. */
export function canSee(caller: Pick<AuthUser, 'id' | 'role'>, ticket: Pick<Ticket, 'customerId' | 'agentId'>): boolean {
  if (caller.role === Role.ADMIN) return true;
  if (caller.role === Role.CUSTOMER) return ticket.customerId === caller.id;
  return ticket.agentId === caller.id;
}

/** The other side of a chat, whose read position a viewer is shown: a customer sees their agent's, an agent their customer's; admins nobody's. */
export type PeerSide = 'agent' | 'customer' | null;

export function peerSideOf(role: Role): PeerSide {
  if (role === Role.CUSTOMER) return 'agent';
  if (role === Role.AGENT) return 'customer';
  return null;
}

/**
 * How far the peer on `side` has read a joined row (read with `peerRead: side`): their read marker or
 * their own latest message, whichever is higher (a writer has read what they wrote, as in unread counts
 * and `message:read`); 0 while the ticket has no agent; null for no side.
 */
export function peerReadSeqOf(row: JoinedTicketRow, side: PeerSide): number | null {
  if (!side) return null;
  // The row keeps each side's latest sent seq in a column of its own.
  const [peerId, sent] = side === 'agent' ? [row.agent_id, row.agent_sent_seq] : [row.customer_id, row.customer_sent_seq];
  if (!peerId) return 0;
  return Math.max(Number(row.peer_read_seq ?? 0), Number(sent));
}

/** How far back the queue's recent pace is measured, and the shortest span it is spread over. */
const PACE_WINDOW_MS = 60 * 60_000;
const PACE_MIN_SPAN_MS = 10 * 60_000;
const PACE_MIN_SAMPLES = 3;
const PACE_CACHE_MS = 30_000;

/** Whose unread count a DTO carries: nobody's (0), one viewer's, or each ticket's own customer's. */
export type UnreadFor = string | null | { customers: true };

/** A ticket row joined with everything its DTO shows (see `joined`). */
export interface JoinedTicketRow {
  id: string;
  number: number | string;
  customer_id: string;
  agent_id: string | null;
  subject: string;
  category: string;
  description: string;
  status: TicketStatus;
  created_at: unknown;
  updated_at: unknown;
  assigned_at: unknown;
  closed_at: unknown;
  first_response_at: unknown;
  last_message_at: unknown;
  last_seq: number | string;
  c_first: string | null;
  c_last: string | null;
  a_first: string | null;
  a_last: string | null;
  a_expertise: string | null;
  r_score: number | string | null;
  r_comment: string | null;
  customer_sent_seq: number | string;
  agent_sent_seq: number | string;
  /** Whose unread count the row carries (null: nobody's, unread 0), and their read marker. */
  unread_for: string | null;
  read_seq: number | string | null;
  /** OPEN tickets ahead of this one, where the query counted them. */
  ahead?: number | string | null;
  /** The read marker of the peer, where the query joined it (`peerRead`). */
  peer_read_seq?: number | string | null;
}

/** What `joined` adds to the ticket rows besides the viewer's unread count. */
export interface JoinedOptions {
  /** ORDER BY / LIMIT: fixed SQL, its values at the end of `params`. */
  tail?: string;
  /** Each OPEN ticket counts the OPEN tickets ahead of it (for one ticket; a page asks `fromJoined` to look positions up instead). */
  countAhead?: boolean;
  /** The read marker of this side of the chat (`peerReadSeqOf`), one primary-key lookup per row. */
  peerRead?: PeerSide;
}

/** A message row of `lastMessages`, its body already cut by the database. */
interface PreviewRow {
  ticket_id: string;
  seq: number | string;
  sender_id: string;
  body: string;
  created_at: unknown;
  role: Role | null;
  first_name: string | null;
}

const JOINED_COLUMNS = `t.id, t.number, t.customer_id, t.agent_id, t.subject, t.category, t.description, t.status, t.created_at, t.updated_at,
       t.assigned_at, t.closed_at, t.first_response_at, t.last_message_at, t.last_seq, t.customer_sent_seq, t.agent_sent_seq,
       c.first_name AS c_first, c.last_name AS c_last, a.first_name AS a_first, a.last_name AS a_last, p.expertise AS a_expertise,
       r.score AS r_score, r.comment AS r_comment`;
const JOINED_FROM = `FROM tickets t
  LEFT JOIN users c ON c.id = t.customer_id
  LEFT JOIN users a ON a.id = t.agent_id
  LEFT JOIN agent_profiles p ON p.user_id = t.agent_id
  LEFT JOIN ratings r ON r.ticket_id = t.id`;

/** Whose read marker the unread count comes from: the viewer's, each ticket's customer's, or nobody's (unread 0). */
function unreadJoin(viewer: UnreadFor): { columns: string; join: string; params: unknown[] } {
  if (typeof viewer === 'string')
    return {
      columns: ', ? AS unread_for, m.last_read_seq AS read_seq',
      join: ' LEFT JOIN read_markers m ON m.ticket_id = t.id AND m.user_id = ?',
      params: [viewer, viewer],
    };
  if (viewer)
    return {
      columns: ', t.customer_id AS unread_for, m.last_read_seq AS read_seq',
      join: ' LEFT JOIN read_markers m ON m.ticket_id = t.id AND m.user_id = t.customer_id',
      params: [],
    };
  return { columns: ', NULL AS unread_for, t.last_seq AS read_seq', join: '', params: [] };
}

/** Loads tickets the caller may see and turns them into response DTOs, in batches. */
@Injectable()
export class TicketViewService {
  private pace: { at: number; secondsPerTicket: number | null } | null = null;

  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    @InjectRepository(ReadMarker) private readonly markers: Repository<ReadMarker>,
    private readonly presence: PresenceService,
    private readonly reads: SqlReads,
  ) {}

  /** The ticket if the caller may see it; NOT_FOUND otherwise, so ids cannot be probed. */
  async visible(caller: AuthUser, id: string): Promise<Ticket> {
    const ticket = await this.tickets.findOne({ where: { id } });
    if (!ticket || !canSee(caller, ticket)) throw notFound();
    return ticket;
  }

  async one(ticket: Ticket, viewerId: string | null): Promise<TicketDto> {
    return (await this.many([ticket], viewerId))[0];
  }

  async byId(id: string, viewerId: string | null): Promise<TicketDto> {
    const ticket = await this.tickets.findOne({ where: { id } });
    if (!ticket) throw notFound();
    return this.one(ticket, viewerId);
  }

  /** Unread counts of one ticket for the given users. */
  async unreadFor(ticket: Ticket, userIds: string[]): Promise<Record<string, number>> {
    const ids = userIds.filter(Boolean);
    const rows = ids.length ? await this.markers.find({ where: { ticketId: ticket.id, userId: In(ids) } }) : [];
    const read = new Map(rows.map((r) => [r.userId, r.lastReadSeq]));
    return Object.fromEntries(ids.map((id) => [id, unreadOf(ticket, id, read.get(id) ?? 0)]));
  }

  /**
   * Queue positions of the given OPEN tickets, in one query (ix_tickets_status): the OPEN tickets
   * from the first to the last of them, each with the count of OPEN tickets before the first.
   */
  private async queuePositions(numbers: number[]): Promise<Map<number, number>> {
    const positions = new Map<number, number>();
    if (!numbers.length) return positions;
    const min = Math.min(...numbers);
    const rows = await this.reads.query<{ number: number | string; earlier: number | string }>(
      `SELECT q.number, (SELECT COUNT(*) FROM tickets b WHERE b.status = ? AND b.number < ?) AS earlier
         FROM tickets q WHERE q.status = ? AND q.number BETWEEN ? AND ? ORDER BY q.number`,
      [TicketStatus.OPEN, min, TicketStatus.OPEN, min, Math.max(...numbers)],
    );
    rows.forEach((t, i) => positions.set(Number(t.number), Number(t.earlier) + i + 1));
    return positions;
  }

  /**
   * Seconds between two tickets leaving the queue lately: the number of tickets assigned in the last hour,
   * spread over the time they took (at least 10 minutes, so one burst does not promise an instant answer).
   * Null with fewer than 3 assignments in the hour: too little to promise anything.
   */
  async secondsPerQueuedTicket(): Promise<number | null> {
    const now = Date.now();
    if (this.pace && now - this.pace.at < PACE_CACHE_MS) return this.pace.secondsPerTicket;
    // One indexed range read (ix_tickets_assigned_at): how many, and since when.
    const recent = await this.tickets
      .createQueryBuilder('t')
      .select('COUNT(*)', 'count')
      .addSelect('MIN(t.assigned_at)', 'first')
      .where('t.assigned_at >= :since', { since: new Date(now - PACE_WINDOW_MS) })
      .getRawOne<{ count: string | number; first: unknown }>();
    const count = Number(recent?.count ?? 0);
    let secondsPerTicket: number | null = null;
    if (count >= PACE_MIN_SAMPLES) {
      const span = Math.max(PACE_MIN_SPAN_MS, now - toDate(recent!.first).getTime());
      secondsPerTicket = span / 1000 / count;
    }
    this.pace = { at: now, secondsPerTicket };
    return secondsPerTicket;
  }

  /** An assignment changes the pace: the next estimate is measured afresh (other processes catch up within 30 s). */
  @OnEvent(DomainEvents.TicketUpdated)
  onTicketUpdated({ change }: TicketUpdatedEvent) {
    if (change === 'assigned' || change === 'reassigned') this.pace = null;
  }

  /**
   * Tickets with their people, rating and read marker in one query (every join is by primary key):
   * `where` and `options.tail` (ORDER BY / LIMIT) are fixed SQL, values go in `params`. See
   * `JoinedOptions` for the queue count and the peer's read marker.
   */
  joined(viewer: UnreadFor, where: string, params: unknown[], options: JoinedOptions = {}): Promise<JoinedTicketRow[]> {
    const { tail = '', countAhead = false, peerRead = null } = options;
    const unread = unreadJoin(viewer);
    const ahead = countAhead
      ? `, CASE WHEN t.status = '${TicketStatus.OPEN}' THEN (SELECT COUNT(*) FROM tickets q WHERE q.status = '${TicketStatus.OPEN}' AND q.number < t.number) END AS ahead`
      : '';
    const peer = peerRead
      ? {
          columns: ', pm.last_read_seq AS peer_read_seq',
          join: ` LEFT JOIN read_markers pm ON pm.ticket_id = t.id AND pm.user_id = ${peerRead === 'agent' ? 't.agent_id' : 't.customer_id'}`,
        }
      : { columns: '', join: '' };
    return this.reads.query<JoinedTicketRow>(
      `SELECT ${JOINED_COLUMNS}${unread.columns}${ahead}${peer.columns} ${JOINED_FROM}${unread.join}${peer.join} WHERE ${where} ${tail}`,
      [...unread.params, ...params],
    );
  }

  /**
   * The latest message of each ticket that has one, keyed by ticket id: ONE query for a page, a
   * primary-key lookup per ticket (messages are keyed by ticket and seq, and the row's `last_seq` names
   * the latest), the body cut by the database so a page never carries whole long messages.
   */
  async lastMessages(rows: Pick<JoinedTicketRow, 'id' | 'last_seq'>[]): Promise<Map<string, MessagePreview>> {
    const previews = new Map<string, MessagePreview>();
    const wanted = rows.filter((t) => Number(t.last_seq) > 0);
    if (!wanted.length) return previews;
    // One more character than a preview shows tells previewBody whether the body was cut.
    const found = await this.reads.query<PreviewRow>(
      `SELECT m.ticket_id, m.seq, m.sender_id, SUBSTR(m.body, 1, ${LIMITS.messagePreviewLength + 1}) AS body, m.created_at, u.role, u.first_name
         FROM messages m LEFT JOIN users u ON u.id = m.sender_id
        WHERE ${wanted.map(() => '(m.ticket_id = ? AND m.seq = ?)').join(' OR ')}`,
      wanted.flatMap((t) => [t.id, Number(t.last_seq)]),
    );
    for (const m of found) {
      previews.set(m.ticket_id, {
        seq: Number(m.seq),
        sender: { id: m.sender_id, role: m.role ?? Role.CUSTOMER, firstName: m.first_name ?? '' },
        body: previewBody(m.body),
        createdAt: toDate(m.created_at).toISOString(),
      });
    }
    return previews;
  }

  /** DTOs of joined rows: agents' presence, queue positions and pace in at most three more lookups. */
  async fromJoined(rows: JoinedTicketRow[]): Promise<TicketDto[]> {
    if (!rows.length) return [];
    const agentIds = [...new Set(rows.map((t) => t.agent_id).filter((x): x is string => !!x))];
    const open = rows.filter((t) => t.status === TicketStatus.OPEN);
    const uncounted = open.filter((t) => t.ahead == null).map((t) => Number(t.number));
    const [online, positions, pace] = await Promise.all([
      this.presence.onlineMap(agentIds),
      this.queuePositions(uncounted),
      open.length ? this.secondsPerQueuedTicket() : Promise.resolve(null),
    ]);
    const at = (v: unknown) => iso(v == null ? null : toDate(v));
    return rows.map((t) => {
      const lastSeq = Number(t.last_seq);
      const ticket: TicketDto = {
        id: t.id,
        number: Number(t.number),
        subject: t.subject,
        category: t.category,
        description: t.description,
        status: t.status,
        customer: { id: t.customer_id, firstName: t.c_first ?? '', lastName: t.c_last ?? '' },
        agent:
          t.agent_id && t.a_first != null
            ? {
                id: t.agent_id,
                firstName: t.a_first,
                lastName: t.a_last ?? '',
                expertise: t.a_expertise ? (JSON.parse(t.a_expertise) as string[]) : [],
                online: online.get(t.agent_id) ?? false,
              }
            : null,
        createdAt: toDate(t.created_at).toISOString(),
        updatedAt: toDate(t.updated_at).toISOString(),
        assignedAt: at(t.assigned_at),
        closedAt: at(t.closed_at),
        firstResponseAt: at(t.first_response_at),
        lastMessageAt: at(t.last_message_at),
        lastSeq,
        unread: unreadOf(
          {
            lastSeq,
            customerId: t.customer_id,
            agentId: t.agent_id,
            customerSentSeq: Number(t.customer_sent_seq),
            agentSentSeq: Number(t.agent_sent_seq),
          },
          t.unread_for,
          Number(t.read_seq ?? 0),
        ),
        rating: t.r_score != null ? { score: Number(t.r_score), comment: t.r_comment } : null,
      };
      if (t.status === TicketStatus.OPEN) {
        ticket.queuePosition = t.ahead != null ? Number(t.ahead) + 1 : (positions.get(Number(t.number)) ?? 1);
        ticket.estimatedWaitSeconds = pace === null ? null : Math.round(ticket.queuePosition * pace);
      }
      return ticket;
    });
  }

  /** DTOs of tickets already loaded, in their order (one joined query, plus presence and queue). */
  async many(tickets: Ticket[], viewer: UnreadFor): Promise<TicketDto[]> {
    if (!tickets.length) return [];
    const rows = await this.joined(
      viewer,
      `t.id IN (${tickets.map(() => '?').join(', ')})`,
      tickets.map((t) => t.id),
      { countAhead: tickets.length === 1 },
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return this.fromJoined(tickets.map((t) => byId.get(t.id)).filter((r): r is JoinedTicketRow => r !== undefined));
  }
}
