import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { ErrorCode } from '@ccr/shared';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AppError } from '../common/app-error';
import { REDIS } from '../redis/redis.module';
import { RATE_LIMITS, type RateLimitName } from './rate-limits';

/** Fixed-window counters in Redis, shared by every process. */
class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, ttl: number, limit: number) {
    const [hits, pttl] = (await this.redis.eval(
      "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {n, redis.call('PTTL', KEYS[1])}",
      1,
      `rl:${key}`,
      ttl,
    )) as [number, number];
    const timeToExpire = Math.max(0, Math.ceil(pttl / 1000));
    return { totalHits: hits, timeToExpire, isBlocked: hits > limit, timeToBlockExpire: hits > limit ? timeToExpire : 0 };
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

  /** As ThrottlerStorage's `increment`, but at once: no promise on the chat's hot path. */
  increment(key: string, ttl: number, limit: number): Hits {
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
    return { totalHits: w.hits, timeToExpire: Math.max(0, Math.ceil((w.endsAt - now) / 1000)), isBlocked: w.hits > limit };
  }
}

/** Counts hits against the named limits, scaled by RATE_LIMIT_SCALE, and refuses with RATE_LIMITED past them. */
@Injectable()
export class RateLimitService {
  /** Shared by every process through Redis, or in this process's memory (counted at once). */
  private readonly storage: RedisThrottlerStorage | MemoryFixedWindowStorage;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    this.storage = redis ? new RedisThrottlerStorage(redis) : new MemoryFixedWindowStorage();
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
    if (storage instanceof MemoryFixedWindowStorage) return verdict(storage.increment(`${name}:${key}`, windowMs, limit), limit);
    return storage.increment(`${name}:${key}`, windowMs, limit).then((hits) => verdict(hits, limit));
  }
}

/** A window's count after one hit (the fields of the throttler's record that are used here). */
interface Hits {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
}

interface Verdict {
  ok: boolean;
  retryAfterSeconds: number;
}

function verdict(hits: Hits, limit: number): Verdict {
  return { ok: !hits.isBlocked && hits.totalHits <= limit, retryAfterSeconds: Math.max(1, hits.timeToExpire) };
}

function refuseUnless({ ok, retryAfterSeconds }: Verdict): void {
  if (!ok) throw new RateLimitedError(retryAfterSeconds);
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
  }
}
