import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { LIMITS, type MessageDto } from '@ccr/shared';
import { ToInt } from '../common/transforms';
import type { User } from '../users/user.entity';
import type { Message } from './message.entity';

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Message bodies are trimmed; 1 to 4000 characters remain. */
const BodyField = () => (target: object, key: string) => {
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))(target, key);
  IsString({ message: 'body must be text' })(target, key);
  Length(1, LIMITS.messageMaxLength, { message: `body must be 1 to ${LIMITS.messageMaxLength} characters` })(target, key);
};

export class SendMessageDto {
  @IsString() @Matches(CLIENT_ID, { message: 'clientId must be 1 to 64 letters, digits, - or _ (a UUID is ideal)' })
  clientId: string;

  @BodyField()
  body: string;
}

export class HistoryQuery {
  @IsOptional() @ToInt() @IsInt({ message: 'afterSeq must be a whole number' }) @Min(0)
  afterSeq?: number;

  @IsOptional() @ToInt() @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(LIMITS.messagePageMax)
  limit?: number;
}

export class TicketRefPayload {
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId: string;
}

export class JoinTicketPayload extends TicketRefPayload {
  @IsOptional() @IsInt({ message: 'afterSeq must be a whole number' }) @Min(0)
  afterSeq?: number;
}

export class SendMessagePayload extends SendMessageDto {
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId: string;
}

export class TypingPayloadDto extends TicketRefPayload {
  @IsBoolean({ message: 'typing must be true or false' })
  typing: boolean;
}

export class ReadPayloadDto extends TicketRefPayload {
  @IsInt({ message: 'seq must be a whole number' }) @Min(0) @Max(2_000_000_000)
  seq: number;
}

export function toMessageDto(m: Message, sender: Pick<User, 'id' | 'role' | 'firstName'>): MessageDto {
  return {
    id: m.id,
    ticketId: m.ticketId,
    seq: m.seq,
    clientId: m.clientId,
    sender: { id: sender.id, role: sender.role, firstName: sender.firstName },
    body: m.body,
    createdAt: m.createdAt.toISOString(),
  };
}


export class RefreshTokenPayload {
  @IsString() @Length(1, 4096)
  token: string;
}
