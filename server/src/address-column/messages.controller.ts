import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { MessageDto } from '@ccr/shared';
import { CurrentUser } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { AddressColumnService } from './address-column.service';
import { HistoryQuery, SendMessageDto } from './messages.dto';

/** The Address Column over REST: history, and sending for clients without sockets. */
@Controller('tickets/:id/messages')
export class MessagesController {
  constructor(private readonly chat: AddressColumnService) {}

  @Get()
  async history(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: HistoryQuery) {
    return { items: await this.chat.history(user, id, query.afterSeq, query.limit) };
  }

  @Post()
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    const { message, duplicate } = await this.chat.send(user, id, dto.clientId, dto.body);
    res.status(duplicate ? 200 : 201);
    return message;
  }
}
