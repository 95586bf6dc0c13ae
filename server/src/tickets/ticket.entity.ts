import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TicketStatus } from '@ccr/shared';
import { DateColumn } from '../database/columns';
import { User } from '../users/user.entity';

@Entity('tickets')
@Index('ix_tickets_customer', ['customerId', 'number'])
@Index('ix_tickets_agent', ['agentId', 'number'])
@Index('ix_tickets_status', ['status', 'number'])
@Index('ix_tickets_category', ['category', 'number'])
// The dashboard's day series and the queue's wait estimate read recent tickets by these times.
@Index('ix_tickets_created_at', ['createdAt'])
@Index('ix_tickets_closed_at', ['closedAt'])
@Index('ix_tickets_assigned_at', ['assignedAt'])
export class Ticket {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The human ticket number (1, 2, 3, …); also the keyset for newest-first paging. */
  @Index('uq_tickets_number', { unique: true })
  @Column({ type: 'int' })
  number: number;

  @Column({ name: 'customer_id', type: 'varchar', length: 36 })
  customerId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: User;

  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agent_id' })
  agent?: User | null;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'varchar', length: 60 })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  status: TicketStatus;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @DateColumn({ name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  @DateColumn({ name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @DateColumn({ name: 'first_response_at', nullable: true })
  firstResponseAt: Date | null;

  @DateColumn({ name: 'last_message_at', nullable: true })
  lastMessageAt: Date | null;

  /** The highest message seq stored; the next message takes last_seq + 1 under this row's lock. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq: number;

  /**
   * The seq of the customer's latest message here. A writer has read what they wrote: their unread
   * count runs from the higher of this and their read marker, so a send writes no read marker.
   */
  @Column({ name: 'customer_sent_seq', type: 'int', default: 0 })
  customerSentSeq: number;

  /** The seq of the current agent's latest message here (recomputed whenever the agent changes). */
  @Column({ name: 'agent_sent_seq', type: 'int', default: 0 })
  agentSentSeq: number;
}

type SentSeqs = Pick<Ticket, 'customerId' | 'agentId' | 'customerSentSeq' | 'agentSentSeq'>;

/** The seq up to which `userId` has read this ticket by writing in it (0 for anyone but its customer and agent). */
export function sentSeqOf(ticket: SentSeqs, userId: string | null): number {
  if (userId === ticket.customerId) return Number(ticket.customerSentSeq);
  if (userId !== null && userId === ticket.agentId) return Number(ticket.agentSentSeq);
  return 0;
}

/** `userId`'s unread messages: those after both their read marker and their own latest message. */
export function unreadOf(ticket: SentSeqs & Pick<Ticket, 'lastSeq'>, userId: string | null, readSeq: number): number {
  return Math.max(0, Number(ticket.lastSeq) - Math.max(readSeq, sentSeqOf(ticket, userId)));
}
