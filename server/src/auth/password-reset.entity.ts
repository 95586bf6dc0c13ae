import { Entity, Index } from 'typeorm';
import { MailedCode } from './mailed-code';

@Entity('password_resets')
@Index('ix_password_resets_user', ['userId', 'createdAt'])
export class PasswordReset extends MailedCode {}
