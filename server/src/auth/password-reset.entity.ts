import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';

@Entity('password_resets')
@Index('ix_password_resets_user', ['userId', 'createdAt'])
export class PasswordReset {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** Only a hash of the emailed code is stored. */
  @Column({ name: 'code_hash', type: 'varchar', length: 128 })
  codeHash: string;

  @DateColumn({ name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @DateColumn({ name: 'used_at', nullable: true })
  usedAt: Date | null;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;
}
