import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { MailService } from './mail.service';
import { MailListener } from './mail.listener';

@Module({
  imports: [UsersModule],
  providers: [MailService, MailListener],
  exports: [MailService],
})
export class MailModule {}
