import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AgentProfile } from '../users/agent-profile.entity';
import { ReadMarker } from '../address-column/read-marker.entity';
import { AppValue } from '../database/kv.entity';
import { Ticket } from './ticket.entity';
import { Rating } from './rating.entity';
import { TicketEvent } from './ticket-event.entity';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';
import { TicketViewService } from './ticket-view.service';
import { SettingsService } from './settings.service';
import { SettingsController } from './settings.controller';
import { StatsController } from './stats.controller';
import { QueueNotifier } from './queue-notifier.service';
import { StatsCache } from './stats-cache.service';

@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([Ticket, Rating, TicketEvent, User, AgentProfile, ReadMarker, AppValue])],
  controllers: [TicketsController, SettingsController, StatsController],
  providers: [TicketsService, TicketViewService, SettingsService, QueueNotifier, StatsCache],
  exports: [TicketsService, TicketViewService, SettingsService, QueueNotifier],
})
export class TicketsModule {}
