import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';

@Entity('ratings')
export class Rating {
  @PrimaryColumn({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId: string;

  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;
}
