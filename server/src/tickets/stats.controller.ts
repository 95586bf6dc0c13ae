import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { toDate } from '../common/time';
import { UsersService } from '../users/users.service';
import { Role, TicketStatus, type Stats } from '@ccr/shared';
import { Roles } from '../auth/decorators';
import { AgentProfile } from '../users/agent-profile.entity';
import { PresenceService } from '../realtime/presence.service';
import { Ticket } from './ticket.entity';
import { Rating } from './rating.entity';
import { ApiRoute } from '../openapi/decorators';
import { StatsSchema } from '../openapi/schemas';
import { StatsCache, type Refreshing } from './stats-cache.service';

/** How many recent tickets the medians are taken over, so the dashboard stays cheap at any size. */
const SAMPLE = 2000;
/** The charts cover the last 14 UTC days, today included; they are recomputed at most every 30 seconds. */
const DAYS = 14;
const SERIES_CACHE_MS = 30_000;
/**
 * Up to this age the charts are served while their refresh runs in the background: recomputing them
 * (three queries over 14 days of tickets) held every stats request for ≈ 100 ms once every 30 s.
 */
const SERIES_SERVED_STALE_MS = 5 * 60_000;

type DaySeries = Pick<Stats, 'ticketsPerDay' | 'firstResponsePerDay'>;

/** Seconds between two datetimes of a raw row. */
const seconds = (from: unknown, to: unknown) => (toDate(to).getTime() - toDate(from).getTime()) / 1000;

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

@Controller('stats')
@Roles(Role.ADMIN)
export class StatsController {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    @InjectRepository(Rating) private readonly ratings: Repository<Rating>,
    @InjectRepository(AgentProfile) private readonly profiles: Repository<AgentProfile>,
    private readonly presence: PresenceService,
    private readonly users: UsersService,
    cache: StatsCache,
  ) {
    this.series = cache.create(() => this.daySeries(Date.now()), SERIES_CACHE_MS, SERIES_SERVED_STALE_MS);
    this.slow = cache.create(() => this.slowAggregates(), 10_000, 60_000);
    this.live = cache.create(() => this.liveFigures(), 1000, 30_000);
  }

  /** One computation at a time, shared; recomputed after a change in this process (see StatsCache). */
  private readonly series: Refreshing<DaySeries>;
  private readonly slow: Refreshing<Awaited<ReturnType<StatsController['slowAggregates']>>>;
  private readonly live: Refreshing<Awaited<ReturnType<StatsController['liveFigures']>>>;

  /** Seconds from creation to `until` of the latest SAMPLE tickets matching `where`: raw rows, no entities. */
  private async durations(until: 'first_response_at' | 'closed_at', where: string): Promise<number[]> {
    const rows = await this.tickets
      .createQueryBuilder('t')
      .select('t.created_at', 'created')
      .addSelect(`t.${until}`, 'until')
      .where(where, { closed: TicketStatus.CLOSED })
      .orderBy('t.number', 'DESC')
      .limit(SAMPLE)
      .getRawMany<{ created: unknown; until: unknown }>();
    return rows.map((r) => (r.until ? seconds(r.created, r.until) : 0));
  }

  /** Queue and load figures: index-backed counts, shared by the requests of one second. */
  private async liveFigures() {
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const [open, assigned, closedToday, oldest, profiles] = await Promise.all([
      this.tickets.count({ where: { status: TicketStatus.OPEN } }),
      this.tickets.count({ where: { status: TicketStatus.ASSIGNED } }),
      this.tickets.count({ where: { status: TicketStatus.CLOSED, closedAt: MoreThanOrEqual(today) } }),
      this.tickets.findOne({ select: { id: true, createdAt: true }, where: { status: TicketStatus.OPEN }, order: { number: 'ASC' } }),
      this.profiles.find({ relations: { user: true }, where: { active: true } }),
    ]);
    return { open, assigned, closedToday, oldest, profiles };
  }

  /** Medians over the latest tickets, satisfaction and ratings per agent: whole-table work, kept a few seconds. */
  private async slowAggregates() {
    const [responded, resolved, csat, agentIds] = await Promise.all([
      this.durations('first_response_at', 't.first_response_at IS NOT NULL'),
      this.durations('closed_at', 't.status = :closed'),
      this.ratings.createQueryBuilder('r').select('AVG(r.score)', 'avg').getRawOne<{ avg: string | number | null }>(),
      this.profiles.find({ select: { userId: true } }).then((rows) => rows.map((p) => p.userId)),
    ]);
    const ratings = await this.users.ratingsByAgent(agentIds);
    return {
      medianFirstResponseSeconds: median(responded),
      medianResolutionSeconds: median(resolved),
      csatAverage: csat?.avg == null ? null : Math.round(Number(csat.avg) * 100) / 100,
      ratings,
    };
  }

  /** Tickets raised and closed per day and the median first response of each day's tickets, grouped in SQL where it counts. */
  private async daySeries(now: number): Promise<DaySeries> {
    const first = new Date(now);
    first.setUTCHours(0, 0, 0, 0);
    first.setUTCDate(first.getUTCDate() - (DAYS - 1));
    const days = Array.from({ length: DAYS }, (_, i) => new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10));
    // Datetimes are stored in UTC on every database; their first ten characters are the day on MySQL, MariaDB and SQLite alike.
    const perDay = (column: 'created_at' | 'closed_at') =>
      this.tickets
        .createQueryBuilder('t')
        .select(`SUBSTR(t.${column}, 1, 10)`, 'day')
        .addSelect('COUNT(*)', 'n')
        .where(`t.${column} >= :first`, { first })
        .groupBy('day')
        .getRawMany<{ day: string; n: string | number }>();
    const [created, closed, answered] = await Promise.all([
      perDay('created_at'),
      perDay('closed_at'),
      // Raw rows, not entities: turning up to 10,000 rows into entities held the event loop for tens of milliseconds.
      this.tickets
        .createQueryBuilder('t')
        .select('t.created_at', 'created')
        .addSelect('t.first_response_at', 'responded')
        .where('t.created_at >= :first AND t.first_response_at IS NOT NULL', { first })
        .orderBy('t.created_at', 'DESC')
        .limit(SAMPLE * 5)
        .getRawMany<{ created: unknown; responded: unknown }>(),
    ]);
    const counts = (rows: { day: string; n: string | number }[]) => new Map(rows.map((r) => [String(r.day).slice(0, 10), Number(r.n)]));
    const createdBy = counts(created);
    const closedBy = counts(closed);
    const responses = new Map<string, number[]>();
    for (const t of answered) {
      const day = toDate(t.created).toISOString().slice(0, 10);
      const wait = seconds(t.created, t.responded);
      const list = responses.get(day);
      if (list) list.push(wait);
      else responses.set(day, [wait]);
    }
    return {
      ticketsPerDay: days.map((date) => ({ date, created: createdBy.get(date) ?? 0, closed: closedBy.get(date) ?? 0 })),
      firstResponsePerDay: days.map((date) => ({ date, medianSeconds: median(responses.get(date) ?? []) })),
    };
  }

  @Get()
  @ApiRoute(StatsSchema, { summary: 'Queue, response times, satisfaction and agents at a glance (admin)', errors: [403] })
  async stats(): Promise<Stats> {
    const now = Date.now();
    const [{ open, assigned, closedToday, oldest, profiles }, slow, series] = await Promise.all([
      this.live.get(now),
      this.slow.get(now),
      this.series.get(now),
    ]);
    const online = await this.presence.onlineMap(profiles.map((p) => p.userId));
    const { ratings } = slow;
    return {
      open,
      assigned,
      closedToday,
      longestWaitSeconds: oldest ? Math.max(0, Math.round((now - oldest.createdAt.getTime()) / 1000)) : 0,
      medianFirstResponseSeconds: slow.medianFirstResponseSeconds,
      medianResolutionSeconds: slow.medianResolutionSeconds,
      csatAverage: slow.csatAverage,
      agents: profiles
        .filter((p) => p.user)
        .map((p) => ({
          id: p.userId,
          firstName: p.user!.firstName,
          online: online.get(p.userId) ?? false,
          away: p.away,
          openTickets: p.openTickets,
          maxConcurrent: p.maxConcurrent,
          ratingAverage: ratings.get(p.userId)?.average ?? null,
          ratingCount: ratings.get(p.userId)?.count ?? 0,
        })),
      ...series,
    };
  }
}
