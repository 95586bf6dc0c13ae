import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SavedReply } from './saved-reply.entity';
import { SavedRepliesService } from './saved-replies.service';
import { SavedRepliesController } from './saved-replies.controller';

@Module({
  imports: [TypeOrmModule.forFeature([SavedReply])],
  controllers: [SavedRepliesController],
  providers: [SavedRepliesService],
})
export class SavedRepliesModule {}
