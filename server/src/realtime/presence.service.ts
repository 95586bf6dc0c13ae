import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

const NODES = 'presence:nodes';
const nodeKey = (nodeId: string) => `presence:node:${nodeId}`;
const TTL_SECONDS = 30;
const HEARTBEAT_MS = 10_000;

/**
 * Who is online: a user is online while at least one of their sockets is connected, on any process.
 * Each process keeps its own counts and, with Redis, mirrors them into a hash that expires unless
 * refreshed, so a process that dies stops counting within 30 seconds.
 */
@Injectable()
export class PresenceService implements OnApplicationShutdown {
  readonly nodeId = randomUUID();
  private readonly local = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  private startHeartbeat() {
    if (!this.redis || this.heartbeat) return;
    const beat = () =>
      this.redis!.multi().sadd(NODES, this.nodeId).expire(nodeKey(this.nodeId), TTL_SECONDS).exec().catch(() => undefined);
    void beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Returns true when this socket brought the user online. */
  async connected(userId: string): Promise<boolean> {
    const n = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, n);
    if (!this.redis) return n === 1;
    this.startHeartbeat();
    await this.redis
      .multi()
      .hset(nodeKey(this.nodeId), userId, n)
      .expire(nodeKey(this.nodeId), TTL_SECONDS)
      .sadd(NODES, this.nodeId)
      .exec()
      .catch(() => undefined);
    return n === 1 && !(await this.onOtherNodes([userId])).has(userId);
  }

  /** Returns true when this socket took the user offline everywhere. */
  async disconnected(userId: string): Promise<boolean> {
    const n = (this.local.get(userId) ?? 0) - 1;
    if (n > 0) this.local.set(userId, n);
    else this.local.delete(userId);
    if (!this.redis) return n <= 0;
    await (n > 0 ? this.redis.hset(nodeKey(this.nodeId), userId, n) : this.redis.hdel(nodeKey(this.nodeId), userId)).catch(
      () => undefined,
    );
    return n <= 0 && !(await this.onOtherNodes([userId])).has(userId);
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.onlineMap([userId])).get(userId) ?? false;
  }

  async onlineMap(userIds: string[]): Promise<Map<string, boolean>> {
    const elsewhere = this.redis ? await this.onOtherNodes(userIds) : new Set<string>();
    return new Map(userIds.map((id) => [id, (this.local.get(id) ?? 0) > 0 || elsewhere.has(id)]));
  }

  private async onOtherNodes(userIds: string[]): Promise<Set<string>> {
    const online = new Set<string>();
    if (!this.redis || !userIds.length) return online;
    try {
      const nodes = (await this.redis.smembers(NODES)).filter((n) => n !== this.nodeId);
      if (!nodes.length) return online;
      const pipeline = this.redis.pipeline();
      for (const node of nodes) pipeline.hmget(nodeKey(node), ...userIds);
      const results = (await pipeline.exec()) ?? [];
      const gone: string[] = [];
      results.forEach(([err, counts], i) => {
        if (err) return;
        const values = counts as (string | null)[];
        if (values.every((v) => v === null)) gone.push(nodes[i]);
        values.forEach((v, j) => {
          if (v !== null && Number(v) > 0) online.add(userIds[j]);
        });
      });
      // Forget processes whose hash expired (they stopped without saying so).
      if (gone.length) {
        const exists = await Promise.all(gone.map((n) => this.redis!.exists(nodeKey(n))));
        const dead = gone.filter((_, i) => !exists[i]);
        if (dead.length) await this.redis.srem(NODES, ...dead);
      }
    } catch {
      // Redis down: fall back to what this process knows.
    }
    return online;
  }

  async onApplicationShutdown() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.redis) {
      await this.redis.multi().del(nodeKey(this.nodeId)).srem(NODES, this.nodeId).exec().catch(() => undefined);
    }
  }
}
