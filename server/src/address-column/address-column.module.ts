import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { TicketsModule } from '../tickets/tickets.module';
import { Message } from './message.entity';
import { ReadMarker } from './read-marker.entity';
import { AddressColumnService } from './address-column.service';
import { AddressColumnGateway } from './address-column.gateway';
import { MessagesController } from './messages.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Message, ReadMarker]), AuthModule, UsersModule, TicketsModule],
  controllers: [MessagesController],
  providers: [AddressColumnService, AddressColumnGateway],
  exports: [AddressColumnService],
})
export class AddressColumnModule {}
