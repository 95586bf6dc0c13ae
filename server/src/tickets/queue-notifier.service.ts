import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { MoreThan, Repository } from 'typeorm';
import { TicketStatus } from '@ccr/shared';
import { DomainEvents, type QueueMovedEvent, type TicketUpdatedEvent } from '../common/domain-events';
import { Ticket } from './ticket.entity';
import { TicketViewService } from './ticket-view.service';

/** Changes close together are pushed as one: the first after 50 ms of quiet, and never later than 250 ms. */
const QUIET_MS = 50;
const MAX_DELAY_MS = 250;
/** Customers further back than this are told their position when they load the page, not live. */
const LIVE_POSITIONS = 2000;

/**
 * Tells waiting customers when their place in the queue moves. A ticket that leaves the queue (assigned,
 * closed while waiting) moves every later one up; one that returns (its agent deactivated) moves them down.
 * The process that made the change pushes, through the Socket.IO adapter, to every process.
 */
@Injectable()
export class QueueNotifier implements OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  /** Last position pushed per ticket, so customers hear only real moves. */
  private readonly told = new Map<string, number>();
  private from: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private firstChangeAt = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly view: TicketViewService,
    private readonly events: EventEmitter2,
  ) {}

  @OnEvent(DomainEvents.TicketUpdated)
  onTicketUpdated({ ticket, change }: TicketUpdatedEvent) {
    if (ticket.status !== TicketStatus.OPEN) this.told.delete(ticket.id);
    if (change === 'assigned' || change === 'reassigned' || change === 'closed') this.moved(ticket.number);
  }

  /** Every waiting ticket behind `number` may have moved. */
  moved(number: number) {
    const now = Date.now();
    if (this.from === null) this.firstChangeAt = now;
    this.from = this.from === null ? number : Math.min(this.from, number);
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstChangeAt + MAX_DELAY_MS - now));
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  /** Resolves once every pending change has been pushed (tests and shutdown). */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.flush();
    }
    await this.flushing;
  }

  onModuleDestroy() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush() {
    this.timer = null;
    const from = this.from;
    this.from = null;
    if (from === null) return;
    this.flushing = this.flushing.then(() => this.push(from)).catch((e) => this.logger.warn(`queue push failed: ${(e as Error).message}`));
  }

  private async push(from: number) {
    const behind = await this.tickets.find({
      where: { status: TicketStatus.OPEN, number: MoreThan(from) },
      order: { number: 'ASC' },
      take: LIVE_POSITIONS,
    });
    if (!behind.length) return;
    const dtos = await this.view.many(behind, { customers: true });
    const moved = dtos.filter((t) => t.queuePosition !== undefined && this.told.get(t.id) !== t.queuePosition);
    for (const t of moved) this.told.set(t.id, t.queuePosition!);
    if (this.told.size > LIVE_POSITIONS * 4) this.told.clear(); // a stale map only costs a repeated push
    if (!moved.length) return;
    const event: QueueMovedEvent = { tickets: moved };
    await this.events.emitAsync(DomainEvents.QueueMoved, event);
  }
}
