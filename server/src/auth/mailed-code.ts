import { Column, PrimaryColumn } from 'typeorm';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { DateColumn } from '../database/columns';

/** A 6-digit code mailed to someone (a password reset, a new email address), kept only as a keyed hash. */
export abstract class MailedCode {
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

export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The keyed hash of a code, bound to its purpose, its row and its user, so a code means nothing elsewhere. */
export function hashCode(secret: string, purpose: string, id: string, userId: string, code: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}${id}:${userId}:${code}`).digest();
}

/** Compares in constant time. */
export function codeMatches(stored: MailedCode, given: Buffer): boolean {
  const expected = Buffer.from(stored.codeHash, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
