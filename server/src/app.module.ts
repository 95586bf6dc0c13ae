import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { SqlReadsModule } from './database/sql-reads';
import { HttpErrorFilter } from './common/http-exception.filter';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { UsersModule } from './users/users.module';
import { AuthModule } from './auth/auth.module';
import { TicketsModule } from './tickets/tickets.module';
import { AssignmentModule } from './assignment/assignment.module';
import { AddressColumnModule } from './address-column/address-column.module';
import { MailModule } from './mail/mail.module';
import { HealthModule } from './health/health.module';
import { SavedRepliesModule } from './saved-replies/saved-replies.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 3, retryDelay: 1000 }),
        SqlReadsModule,
        EventEmitterModule.forRoot({ wildcard: false }),
        RedisModule,
        RateLimitModule,
        RealtimeModule,
        UsersModule,
        AuthModule,
        TicketsModule,
        AssignmentModule,
        AddressColumnModule,
        MailModule,
        HealthModule,
        SavedRepliesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
