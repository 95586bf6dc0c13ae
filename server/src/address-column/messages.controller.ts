import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { MessageDto } from '@ccr/shared';
import { CurrentUser } from '../auth/decorators';
import type { AuthUser } from '../auth/auth-user';
import { UuidPipe } from '../common/uuid.pipe';
import { AddressColumnService } from './address-column.service';
import { HistoryQuery, SendMessageDto } from './messages.dto';
import { ApiRoute } from '../openapi/decorators';
import { MessageListSchema, MessageSchema } from '../openapi/schemas';

/** The Address Column over REST: history, and sending for clients without sockets. */
@Controller('tickets/:id/messages')
export class MessagesController {
  constructor(private readonly chat: AddressColumnService) {}

  @Get()
  @ApiRoute(MessageListSchema, { summary: 'Message history, ascending by seq (after ?afterSeq=)', errors: [400, 404] })
  async history(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: HistoryQuery) {
    return { items: await this.chat.history(user, id, query.afterSeq, query.limit) };
  }

  @Post()
  @ApiRoute(MessageSchema, {
    status: 201,
    also: [{ status: 200, description: 'The message stored earlier with this clientId (a resend); nothing new is stored' }],
    summary: 'Send a message (owning customer or assigned agent)',
    errors: [400, 403, 404, 409, 429],
  })
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
