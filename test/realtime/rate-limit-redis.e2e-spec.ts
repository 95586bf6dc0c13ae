import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RedisFixedWindowStorage } from '../../server/src/rate-limit/rate-limit.service';
import { sleep } from '../helpers/socket';
import { dropRedisKeys, TEST_REDIS_URL } from '../helpers/redis';

/**
 * The counters every process shares through Redis: the hits of one turn of the event loop go in one
 * script call, and each hit still gets the count one INCR per hit would have given it.
 */
describe('rate-limit counters in Redis', () => {
  const prefix = `ccr-test-rl-${randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  let calls = 0;
  let storage: RedisFixedWindowStorage;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
    await redis.ping();
    const counted: Pick<Redis, 'eval'> = {
      eval: ((...args: Parameters<Redis['eval']>) => {
        calls++;
        return redis.eval(...args);
      }) as Redis['eval'],
    };
    storage = new RedisFixedWindowStorage(counted);
  });

  afterAll(async () => {
    redis.disconnect();
    await dropRedisKeys(prefix);
  });

  it('counts the hits of one turn in one call, each hit in the order it was made, per key', async () => {
    calls = 0;
    const hits = await Promise.all([
      storage.increment('a', 10_000),
      storage.increment('b', 10_000),
      storage.increment('a', 10_000),
      storage.increment('a', 10_000),
      storage.increment('b', 10_000),
    ]);
    expect(hits.map((h) => h.totalHits)).toEqual([1, 1, 2, 3, 2]);
    expect(calls).toBe(1);
    // The window was set by the first hit and ends within its 10 s.
    for (const h of hits) expect(h.timeToExpire).toBeGreaterThanOrEqual(9);
    expect(await redis.pttl('rl:a')).toBeGreaterThan(9_000);

    // A later turn counts on from there.
    const later = await Promise.all([storage.increment('a', 10_000), storage.increment('a', 10_000)]);
    expect(later.map((x) => x.totalHits)).toEqual([4, 5]);
    expect(calls).toBe(2);
  });

  it('starts a new window once the old one ends, and never leaves a counter without an end', async () => {
    const first = await Promise.all([storage.increment('w', 300), storage.increment('w', 300)]);
    expect(first.map((x) => x.totalHits)).toEqual([1, 2]);
    await sleep(400);
    expect((await storage.increment('w', 300)).totalHits).toBe(1);

    // A counter left without an expiry (written by hand here) gets one at its next hit.
    await redis.set('rl:orphan', '7');
    expect((await storage.increment('orphan', 5_000)).totalHits).toBe(8);
    const left = await redis.pttl('rl:orphan');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(5_000);
  });

  it('fails every hit of the turn when Redis does, and counts again once it answers', async () => {
    const broken = new RedisFixedWindowStorage({
      eval: (() => Promise.reject(new Error('Connection is closed.'))) as unknown as Redis['eval'],
    });
    const outcomes = await Promise.allSettled([broken.increment('x', 1000), broken.increment('y', 1000), broken.increment('x', 1000)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // Nothing was counted for them, and the shared counters go on from there.
    expect(await redis.exists('rl:x', 'rl:y')).toBe(0);
    expect((await storage.increment('x', 1000)).totalHits).toBe(1);
  });
});
