import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/config';
import { createRedis } from '../redis/redis.module';

/** A browser's socket must come from the app's own origin or one in ALLOWED_ORIGINS. */
export function originAllowed(req: IncomingMessage, config: Pick<AppConfig, 'publicOrigin' | 'allowedOrigins'>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: no ambient credentials to abuse
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (config.publicOrigin && origin === config.publicOrigin) return true;
  if (config.allowedOrigins.includes(origin)) return true;
  return !config.publicOrigin && host === req.headers.host;
}

/** Socket.IO server options for the registry, and the Redis adapter when REDIS_URL is set. */
export class RealtimeIoAdapter extends IoAdapter {
  private redisAdapter: ReturnType<typeof createAdapter> | null = null;
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  async connectRedis(): Promise<void> {
    if (!this.config.redisUrl) return;
    const pub = createRedis(this.config.redisUrl, 'ccr-io-pub');
    const sub = createRedis(this.config.redisUrl, 'ccr-io-sub');
    this.clients = [pub, sub];
    this.redisAdapter = createAdapter(pub, sub, { key: `${this.config.redisPrefix}:socket.io`, requestsTimeout: 3000 });
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      transports: ['websocket', 'polling'],
      perMessageDeflate: false,
      httpCompression: false,
      maxHttpBufferSize: 64 * 1024,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      allowRequest: (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) =>
        callback(null, originAllowed(req, this.config)),
    });
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    // The handshake request is not needed once connected: release it to save memory per socket.
    server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    return server;
  }

  async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
  }
}
