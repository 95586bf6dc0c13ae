import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';

@Entity('messages')
@Index('uq_messages_ticket_seq', ['ticketId', 'seq'], { unique: true })
@Index('uq_messages_ticket_sender_client', ['ticketId', 'senderId', 'clientId'], { unique: true })
export class Message {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'sender_id', type: 'varchar', length: 36 })
  senderId: string;

  @Column({ type: 'text' })
  body: string;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;
}
