import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';
import { User } from './user.entity';

@Entity('agent_profiles')
@Index('ix_agent_profiles_active_load', ['active', 'openTickets'])
export class AgentProfile {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @OneToOne(() => User, (u) => u.profile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Categories this agent is an expert in; empty means a generalist who takes any category. */
  @Column({ type: 'simple-json' })
  expertise: string[];

  @Column({ name: 'max_concurrent', type: 'int' })
  maxConcurrent: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set by the agent: "away" takes no new tickets (auto-assignment passes them by); their open chats go on. */
  @Column({ type: 'boolean', default: false })
  away: boolean;

  /** Tickets currently ASSIGNED to this agent, maintained in the same transaction as every assignment and close. */
  @Column({ name: 'open_tickets', type: 'int', default: 0 })
  openTickets: number;

  @DateColumn({ name: 'last_assigned_at', nullable: true })
  lastAssignedAt: Date | null;
}
