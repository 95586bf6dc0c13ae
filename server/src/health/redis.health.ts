import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

/** PING on the shared Redis client, within a time limit (a reconnecting client would otherwise queue the command). */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis !== null;
  }

  async pingCheck<const Key extends string>(key: Key, timeoutMs: number) {
    const check = this.health.check(key);
    if (!this.redis) return check.up({ message: 'not configured (single-process mode)' });
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs))),
      ]);
      return answer === 'PONG' ? check.up() : check.down({ message: `unexpected answer ${String(answer)}` });
    } catch (e) {
      return check.down({ message: (e as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
