import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';

@Entity('messages')
@Index('uq_messages_ticket_sender_client', ['ticketId', 'senderId', 'clientId'], { unique: true })
export class Message {
  /** Server-made (UUIDv7); nothing looks a message up by it alone, so it has no index of its own. */
  @Column({ type: 'varchar', length: 36 })
  id: string;

  /** A ticket's messages are stored, and read, in seq order. */
  @PrimaryColumn({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId: string;

  @PrimaryColumn({ type: 'int' })
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
