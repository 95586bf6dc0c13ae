/**
 * Multinode: the chat load over two registry processes that share MySQL and Redis. Every customer
 * socket is on process A and every agent socket on process B, so every message crosses processes.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { createDatabase } from '../lib/db.mjs';
import { onCleanup } from '../lib/cleanup.mjs';
import { registryDeployment, startRegistry } from '../lib/servers.mjs';
import { registryChats, startChatWorkers, stepTarget, stepHeader, P99_LIMIT_MS } from '../lib/chat-load.mjs';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisPing(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 2000);
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      clearTimeout(timer);
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Deletes the run's own keys (its unique REDIS_PREFIX) when the run ends. */
function dropRedisKeys(url, prefix) {
  onCleanup(async () => {
    let Redis;
    try {
      ({ default: Redis } = await import('ioredis'));
    } catch {
      return; // keys expire on their own
    }
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      let cursor = '0';
      let rounds = 0;
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0' && ++rounds < 10_000);
    } finally {
      r.disconnect();
    }
  });
}

export async function multinodeScenario({ rates, durationMs, drainMs, refineSteps, everyRate, workers: nWorkers }, log) {
  if (!(await redisPing(REDIS_URL))) throw new Error(`Redis is not answering at ${REDIS_URL}`);
  const prefix = `ccr-bench-${randomBytes(4).toString('hex')}`;
  dropRedisKeys(REDIS_URL, prefix);
  const db = await createDatabase('multi');
  const deployment = registryDeployment(db, { redis: true, extraEnv: { REDIS_PREFIX: prefix } });
  const servers = [];
  let workers = [];
  try {
    servers.push(await startRegistry(deployment, { name: 'registry-A' }));
    servers.push(await startRegistry(deployment, { name: 'registry-B' }));
    const [a, b] = servers;
    log(`multinode: 2 registry processes (customers on A :${a.port}, agents on B :${b.port}), Redis ${REDIS_URL} prefix ${prefix}`);
    log(stepHeader());
    const layout = await registryChats({ url: a.url, customerUrl: a.url, agentUrl: b.url, admin: deployment.admin });
    workers = await startChatWorkers(layout, nWorkers, 'multinode');
    const r = await stepTarget({ label: 'registry×2', servers, workers, rates, durationMs, drainMs, refineSteps, everyRate, useDb: true, useRedis: true, log });
    const first = r.steps[0];
    const note =
      first && first.deliveredFraction < 0.5
        ? `messages do not reach sockets on the other process (${(first.deliveredFraction * 100).toFixed(1)}% delivered at ${first.rate} msg/s): the Socket.IO Redis adapter is missing or not working`
        : null;
    return { redis: REDIS_URL, redisPrefix: prefix, p99LimitMs: P99_LIMIT_MS, rates, stepSeconds: durationMs / 1000, workers: nWorkers, ...r, note };
  } catch (e) {
    for (const s of servers) e.message += `\n--- ${s.name} log ---\n${s.logTail(15)}`;
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
  }
}
