import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentProfile } from '../users/agent-profile.entity';
import { Ticket } from '../tickets/ticket.entity';
import { PresenceService } from './presence.service';
import { RealtimeService } from './realtime.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AgentProfile, Ticket])],
  providers: [PresenceService, RealtimeService],
  exports: [PresenceService, RealtimeService],
})
export class RealtimeModule {}
