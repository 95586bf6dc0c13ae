import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { Role, TicketStatus, type Stats } from '@ccr/shared';
import { Roles } from '../auth/decorators';
import { AgentProfile } from '../users/agent-profile.entity';
import { PresenceService } from '../realtime/presence.service';
import { Ticket } from './ticket.entity';
import { Rating } from './rating.entity';

/** How many recent tickets the medians are taken over, so the dashboard stays cheap at any size. */
const SAMPLE = 2000;

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
  ) {}

  @Get()
  async stats(): Promise<Stats> {
    const now = Date.now();
    const today = new Date(now);
    today.setUTCHours(0, 0, 0, 0);
    const [open, assigned, closedToday, oldest, responded, resolved, csat, profiles] = await Promise.all([
      this.tickets.count({ where: { status: TicketStatus.OPEN } }),
      this.tickets.count({ where: { status: TicketStatus.ASSIGNED } }),
      this.tickets.count({ where: { status: TicketStatus.CLOSED, closedAt: MoreThanOrEqual(today) } }),
      this.tickets.findOne({ select: { id: true, createdAt: true }, where: { status: TicketStatus.OPEN }, order: { number: 'ASC' } }),
      this.tickets.find({ select: { id: true, createdAt: true, firstResponseAt: true }, where: { firstResponseAt: Not(IsNull()) }, order: { number: 'DESC' }, take: SAMPLE }),
      this.tickets.find({ select: { id: true, createdAt: true, closedAt: true }, where: { status: TicketStatus.CLOSED }, order: { number: 'DESC' }, take: SAMPLE }),
      this.ratings.createQueryBuilder('r').select('AVG(r.score)', 'avg').getRawOne<{ avg: string | number | null }>(),
      this.profiles.find({ relations: { user: true }, where: { active: true } }),
    ]);
    const online = await this.presence.onlineMap(profiles.map((p) => p.userId));
    const seconds = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 1000 : 0);
    return {
      open,
      assigned,
      closedToday,
      longestWaitSeconds: oldest ? Math.max(0, Math.round((now - oldest.createdAt.getTime()) / 1000)) : 0,
      medianFirstResponseSeconds: median(responded.map((t) => seconds(t.createdAt, t.firstResponseAt))),
      medianResolutionSeconds: median(resolved.map((t) => seconds(t.createdAt, t.closedAt))),
      csatAverage: csat?.avg == null ? null : Math.round(Number(csat.avg) * 100) / 100,
      agents: profiles
        .filter((p) => p.user)
        .map((p) => ({
          id: p.userId,
          firstName: p.user!.firstName,
          online: online.get(p.userId) ?? false,
          openTickets: p.openTickets,
          maxConcurrent: p.maxConcurrent,
        })),
    };
  }
}
