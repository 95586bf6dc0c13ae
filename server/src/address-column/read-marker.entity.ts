import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('read_markers')
export class ReadMarker {
  @PrimaryColumn({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'last_read_seq', type: 'int', default: 0 })
  lastReadSeq: number;
}
