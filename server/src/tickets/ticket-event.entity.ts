import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TicketEventType } from '@ccr/shared';
import { DateColumn } from '../database/columns';

/** The audit trail of a ticket. */
@Entity('ticket_events')
@Index('ix_ticket_events_ticket', ['ticketId', 'createdAt'])
export class TicketEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 16 })
  type: TicketEventType;

  @Column({ type: 'simple-json' })
  data: Record<string, unknown>;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;
}
