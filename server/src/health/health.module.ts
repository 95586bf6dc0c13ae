import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

// Terminus' own log line on a failed check is off: the 503 answer names the failing part, and load balancers poll often.
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [RedisHealthIndicator] })
export class HealthModule {}
