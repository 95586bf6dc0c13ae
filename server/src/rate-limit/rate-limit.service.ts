import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { ErrorCode } from '@ccr/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AppError } from '../common/app-error';
import { REDIS } from '../redis/redis.module';
import { RATE_LIMITS, type RateLimitName } from './rate-limits';

/**
 * Per key, the hits of one batch: INCRBY their count, set the window's expiry if it has none, and
 * answer the new count and the time left. One script for every key of the batch.
 */
const INCREMENT_ALL = `local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCRBY', key, ARGV[2 * i - 1])
  local left = redis.call('PTTL', key)
  if left < 0 then
    redis.call('PEXPIRE', key, ARGV[2 * i])
    left = tonumber(ARGV[2 * i])
  end
  out[2 * i - 1] = n
  out[2 * i] = left
end
return out`;

interface Waiter {
  resolve(hits: Hits): void;
  reject(error: unknown): void;
}

/**
 * Fixed-window counters in Redis, shared by every process. The hits counted in one turn of the event
 * loop go to Redis together, in one script call: a chat message costs its process no Redis round trip
 * of its own. Each hit still gets its own count, in the order it was made, exactly as one INCR per hit.
 */
export class RedisFixedWindowStorage {
  private pending = new Map<string, { ttl: number; waiters: Waiter[] }>();

  constructor(private readonly redis: Pick<Redis, 'eval'>) {}

  increment(key: string, ttl: number): Promise<Hits> {
    return new Promise<Hits>((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      let hits = this.pending.get(key);
      if (!hits) this.pending.set(key, (hits = { ttl, waiters: [] }));
      hits.waiters.push({ resolve, reject });
    });
  }

  private async flush() {
    const batch = [...this.pending];
    this.pending = new Map();
    let counts: number[];
    try {
      const args = batch.flatMap(([, { ttl, waiters }]) => [waiters.length, ttl]);
      counts = (await this.redis.eval(INCREMENT_ALL, batch.length, ...batch.map(([key]) => `rl:${key}`), ...args)) as number[];
    } catch (e) {
      for (const [, { waiters }] of batch) for (const w of waiters) w.reject(e);
      return;
    }
    batch.forEach(([, { waiters }], k) => {
      const total = counts[2 * k];
      const timeToExpire = Math.max(0, Math.ceil(counts[2 * k + 1] / 1000));
      // The batch's hits on this key counted up to `total`, in the order they were made.
      waiters.forEach((w, j) => w.resolve({ totalHits: total - waiters.length + 1 + j, timeToExpire }));
    });
  }
}

/**
 * Fixed-window counters in this process's memory (no Redis): O(1) per hit, unlike the throttler's
 * own storage, which keeps and filters one timestamp per hit (the messages-per-user limit is on the
 * hot path of every chat message).
 */
class MemoryFixedWindowStorage {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private sweepAt = 0;

  /** As the Redis storage's `increment`, but at once: no promise on the chat's hot path. */
  increment(key: string, ttl: number): Hits {
    const now = Date.now();
    if (now >= this.sweepAt) {
      for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
      this.sweepAt = now + 60_000;
    }
    let w = this.windows.get(key);
    if (!w || w.endsAt <= now) {
      w = { hits: 0, endsAt: now + ttl };
      this.windows.set(key, w);
    }
    w.hits++;
    return { totalHits: w.hits, timeToExpire: Math.max(0, Math.ceil((w.endsAt - now) / 1000)) };
  }
}

/** Counts hits against the named limits, scaled by RATE_LIMIT_SCALE, and refuses with RATE_LIMITED past them. */
@Injectable()
export class RateLimitService {
  /** Shared by every process through Redis, or in this process's memory (counted at once). */
  private readonly storage: RedisFixedWindowStorage | MemoryFixedWindowStorage;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    this.storage = redis ? new RedisFixedWindowStorage(redis) : new MemoryFixedWindowStorage();
  }

  limitOf(name: RateLimitName): number {
    return Math.max(1, Math.round(RATE_LIMITS[name].limit * this.config.rateLimitScale));
  }

  /** Counts one hit; false when over the limit. */
  async allow(name: RateLimitName, key: string): Promise<Verdict> {
    return this.hit(name, key);
  }

  /**
   * Counts one hit and refuses past the limit with RATE_LIMITED. With the counters in memory it does
   * so at once (throws, or returns nothing), so a chat message costs no promise here; with Redis the
   * returned promise rejects.
   */
  consume(name: RateLimitName, key: string): Promise<void> | undefined {
    const counted = this.hit(name, key);
    if (counted instanceof Promise) return counted.then(refuseUnless);
    refuseUnless(counted);
    return undefined;
  }

  /** One hit counted: at once in memory, a promise through Redis. */
  private hit(name: RateLimitName, key: string): Verdict | Promise<Verdict> {
    const limit = this.limitOf(name);
    const { windowMs } = RATE_LIMITS[name];
    const storage = this.storage;
    if (storage instanceof MemoryFixedWindowStorage) return verdict(storage.increment(`${name}:${key}`, windowMs), limit);
    return storage.increment(`${name}:${key}`, windowMs).then((hits) => verdict(hits, limit));
  }
}

/** A window's count after one hit, and the seconds until the window ends. */
interface Hits {
  totalHits: number;
  timeToExpire: number;
}

interface Verdict {
  ok: boolean;
  retryAfterSeconds: number;
}

function verdict(hits: Hits, limit: number): Verdict {
  return { ok: hits.totalHits <= limit, retryAfterSeconds: Math.max(1, hits.timeToExpire) };
}

function refuseUnless({ ok, retryAfterSeconds }: Verdict): void {
  if (!ok) throw new RateLimitedError(retryAfterSeconds);
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
  }
}
