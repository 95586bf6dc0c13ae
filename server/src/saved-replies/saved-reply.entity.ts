import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../database/columns';
import { User } from '../users/user.entity';

/** What `owner_key` holds for the team's replies (an agent's own hold the agent's id). */
export const TEAM_KEY = 'TEAM';

@Entity('saved_replies')
@Index('uq_saved_replies_owner_shortcut', ['ownerKey', 'shortcut'], { unique: true })
export class SavedReply {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The agent whose own reply this is; null for the team's. */
  @IdColumn({ name: 'owner_id', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: User;

  /** The owner's id or TEAM_KEY: a shortcut is unique within it (a unique index ignores NULL owners). */
  @IdColumn({ name: 'owner_key' })
  ownerKey: string;

  @Column({ type: 'varchar', length: 32 })
  shortcut: string;

  @Column({ type: 'varchar', length: 80 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
