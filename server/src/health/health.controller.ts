import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ErrorCode, type HealthDto } from '@ccr/shared';
import { Public } from '../auth/decorators';
import { RealtimeService } from '../realtime/realtime.service';
import { ApiRoute } from '../openapi/decorators';
import { HealthSchema, NotReadySchema, ReadinessSchema } from '../openapi/schemas';
import { requestIdOf } from '../logging/logging';
import { RedisHealthIndicator } from './redis.health';

const TIMEOUT_MS = 2000;
const READY_TIMEOUT_MS = 1500;

@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Liveness: the process answers; 503 when its database is unreachable (the contract's health route). */
  @Public()
  @Get()
  @ApiRoute(HealthSchema, {
    public: true,
    unavailable: HealthSchema,
    summary: 'Liveness: is this process serving?',
    description: '503 with the same body (`db: "down"`) when the database is unreachable.',
  })
  async liveness(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const db = await this.databaseUp();
    const realtime = this.realtime.ready;
    res.status(db && realtime ? 200 : 503);
    return { status: db && realtime ? 'ok' : 'error', db: db ? 'up' : 'down', realtime: realtime ? 'up' : 'down' };
  }

  /**
   * Readiness for a load balancer: the database answers, Redis answers (when REDIS_URL is set) and Socket.IO is up.
   * 503 names the failing part in `message` and in `details`.
   */
  @Public()
  @Get('ready')
  @ApiRoute(ReadinessSchema, {
    public: true,
    unavailable: NotReadySchema,
    summary: 'Readiness: database, Redis (when configured) and Socket.IO',
    description: 'The 503 answer is an error body that names each failing part, with the same `details`.',
  })
  async readiness(@Res({ passthrough: true }) res: Response): Promise<ReadinessSchema | NotReadySchema> {
    const checks = [
      () => this.database.pingCheck('database', { timeout: READY_TIMEOUT_MS }),
      ...(this.redis.configured ? [() => this.redis.pingCheck('redis', READY_TIMEOUT_MS)] : []),
      () => {
        const check = this.indicators.check('realtime');
        return this.realtime.ready ? check.up() : check.down({ message: 'Socket.IO server not started' });
      },
    ];
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      result = e.getResponse() as HealthCheckResult;
      const failing = Object.entries(result.error ?? {}).map(
        ([part, r]) => `${part} is down${r?.message ? ` (${String(r.message)})` : ''}`,
      );
      const message = `Not ready: ${failing.join('; ')}`;
      this.logger.warn(message);
      res.status(503);
      return {
        statusCode: 503,
        error: ErrorCode.UNAVAILABLE,
        message,
        requestId: requestIdOf(res.req),
        status: 'error',
        details: result.details as NotReadySchema['details'],
      };
    }
    return { status: 'ok', details: result.details as ReadinessSchema['details'] };
  }

  private async databaseUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), TIMEOUT_MS)));
    const query = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const up = await Promise.race([query, timeout]);
    clearTimeout(timer);
    return up;
  }
}
