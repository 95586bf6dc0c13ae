import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** The shared Redis client, or null in single-process mode (no REDIS_URL). */
export const REDIS = Symbol('REDIS');

export function createRedis(url: string, name: string, keyPrefix?: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, keyPrefix });
  let down = false;
  client.on('error', (e) => {
    if (!down) logger.warn(`${name}: ${e.message}`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.log(`${name}: connected again`);
    down = false;
  });
  return client;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.redisUrl ? createRedis(config.redisUrl, 'ccr', `${config.redisPrefix}:`) : null),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown() {
    await this.redis?.quit().catch(() => undefined);
  }
}
