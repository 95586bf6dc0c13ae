import { Column, Entity, Index } from 'typeorm';
import { MailedCode } from './mailed-code';

/** A new email address waiting for the code mailed to it; the account keeps its old one until then. */
@Entity('email_changes')
@Index('ix_email_changes_user', ['userId', 'createdAt'])
export class EmailChange extends MailedCode {
  @Column({ name: 'new_email', type: 'varchar', length: 254 })
  newEmail: string;
}
