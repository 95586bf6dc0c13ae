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
class MemoryFixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private sweepAt = 0;

  async increment(key: string, ttl: number, limit: number) {
    return this.hit(key, ttl, limit);
  }

  /** `increment` at once, without a promise. */
  hit(key: string, ttl: number, limit: number) {
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
    const timeToExpire = Math.max(0, Math.ceil((w.endsAt - now) / 1000));
    return { totalHits: w.hits, timeToExpire, isBlocked: w.hits > limit, timeToBlockExpire: w.hits > limit ? timeToExpire : 0 };
  }
}

/** Counts hits against the named limits, scaled by RATE_LIMIT_SCALE, and refuses with RATE_LIMITED past them. */
@Injectable()
export class RateLimitService {
  private readonly storage: ThrottlerStorage;
  /** The same storage when the counters are in this process's memory: they can then be checked at once. */
  private readonly memory: MemoryFixedWindowStorage | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis | null,
  ) {
    if (redis) {
      this.memory = null;
      this.storage = new RedisThrottlerStorage(redis);
    } else {
      this.memory = new MemoryFixedWindowStorage();
      this.storage = this.memory;
    }
  }

  limitOf(name: RateLimitName): number {
    return Math.max(1, Math.round(RATE_LIMITS[name].limit * this.config.rateLimitScale));
  }

  /** Counts one hit; false when over the limit. */
  async allow(name: RateLimitName, key: string): Promise<{ ok: boolean; retryAfterSeconds: number }> {
    const limit = this.limitOf(name);
    const { windowMs } = RATE_LIMITS[name];
    return verdict(await this.storage.increment(`${name}:${key}`, windowMs, limit, windowMs, name), limit);
  }

  /**
   * Counts one hit and refuses past the limit with RATE_LIMITED. With the counters in memory it does
   * so at once (throws, or returns nothing), so a chat message costs no promise here; with Redis the
   * returned promise rejects.
   */
  consume(name: RateLimitName, key: string): Promise<void> | undefined {
    if (!this.memory) return this.allow(name, key).then(refuseUnless);
    const limit = this.limitOf(name);
    const { windowMs } = RATE_LIMITS[name];
    refuseUnless(verdict(this.memory.hit(`${name}:${key}`, windowMs, limit), limit));
    return undefined;
  }
}

function verdict(record: { totalHits: number; timeToExpire: number; isBlocked: boolean }, limit: number) {
  return { ok: !record.isBlocked && record.totalHits <= limit, retryAfterSeconds: Math.max(1, record.timeToExpire) };
}

function refuseUnless({ ok, retryAfterSeconds }: { ok: boolean; retryAfterSeconds: number }): void {
  if (!ok) throw new RateLimitedError(retryAfterSeconds);
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`);
  }
}
