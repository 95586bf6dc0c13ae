import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the kernel 4 KiB at a time (one call per 400 ids instead of one per id). */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/**
 * A version 7 UUID: 48 bits of Unix milliseconds first, then random bits. Message ids that grow with
 * time append to the right edge of the messages primary key instead of landing on a random page of
 * it (random v4 keys made every insert touch a different page once the table outgrew the buffer pool).
 */
export function uuidV7(now = Date.now()): string {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = Buffer.alloc(16);
  pool.copy(b, 6, poolAt, poolAt + 10);
  poolAt += 10;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export { toDate } from '../common/time';
