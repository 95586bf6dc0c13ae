import { Entity, Index, OneToOne, PrimaryColumn, Column } from 'typeorm';
import type { Role } from '@ccr/shared';
import { DateColumn } from '../database/columns';
import { AgentProfile } from './agent-profile.entity';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'first_name', type: 'varchar', length: 80 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 80 })
  lastName: string;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash: string;

  /** Raised to revoke every token issued before. */
  @Column({ name: 'token_version', type: 'int', default: 0 })
  tokenVersion: number;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @OneToOne(() => AgentProfile, (p) => p.user)
  profile?: AgentProfile | null;
}
