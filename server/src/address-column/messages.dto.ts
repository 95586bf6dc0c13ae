import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { LIMITS, textProblem } from '@ccr/shared';
import { ToInt } from '../common/transforms';
import { PlainText } from '../common/text-fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Message bodies are trimmed; 1 to 4000 characters remain, something visible and no control characters. */
const BodyField = () => (target: object, key: string) => {
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))(target, key);
  IsString({ message: 'body must be text' })(target, key);
  PlainText()(target, key);
  Length(1, LIMITS.messageMaxLength, { message: `body must be 1 to ${LIMITS.messageMaxLength} characters` })(target, key);
};

export class SendMessageDto {
  @ApiProperty({
    pattern: '^[A-Za-z0-9_-]{1,64}$',
    description: 'Idempotency key chosen by the client (a UUID is ideal); a resend with the same key stores nothing new',
    example: '9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e',
  })
  @IsString()
  @Matches(CLIENT_ID, { message: 'clientId must be 1 to 64 letters, digits, - or _ (a UUID is ideal)' })
  clientId: string;

  @ApiProperty({
    minLength: 1,
    maxLength: LIMITS.messageMaxLength,
    description: 'Plain text, trimmed',
    example: 'Hello! Is the hard case included?',
  })
  @BodyField()
  body: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ minimum: 0, description: 'Only messages with a higher seq' })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'afterSeq must be a whole number' })
  @Min(0)
  afterSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.messagePageMax, default: LIMITS.messagePageDefault })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(LIMITS.messagePageMax)
  limit?: number;
}

export class TicketRefPayload {
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId: string;
}

export class JoinTicketPayload extends TicketRefPayload {
  @IsOptional()
  @IsInt({ message: 'afterSeq must be a whole number' })
  @Min(0)
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
  @IsInt({ message: 'seq must be a whole number' })
  @Min(0)
  @Max(2_000_000_000)
  seq: number;
}

export class RefreshTokenPayload {
  @IsString()
  @Length(1, 4096)
  token: string;
}

const UUID_ALL =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

/**
 * The hot path's check of a `message:send` payload: the same rules as SendMessagePayload (exactly
 * these three fields, a UUID, a clientId, a body of 1 to 4000 characters after trimming, visible and
 * free of control characters) without
 * class-transformer and class-validator. Anything it is not sure of (null) goes through the DTO,
 * which produces the usual VALIDATION message.
 */
export function quickSendPayload(payload: unknown): SendMessagePayload | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  let fields = 0;
  for (const key in p) {
    if (!Object.prototype.hasOwnProperty.call(p, key)) continue;
    if (key !== 'ticketId' && key !== 'clientId' && key !== 'body') return null;
    fields++;
  }
  const { ticketId, clientId, body } = p;
  if (fields !== 3 || typeof ticketId !== 'string' || typeof clientId !== 'string' || typeof body !== 'string') return null;
  if (!UUID_ALL.test(ticketId) || !CLIENT_ID.test(clientId)) return null;
  const trimmed = body.trim();
  // UTF-16 length bounds the validator's character count from above: within it, the DTO agrees.
  if (trimmed.length < 1 || trimmed.length > LIMITS.messageMaxLength) return null;
  if (textProblem('body', trimmed) !== null) return null;
  return Object.assign(new SendMessagePayload(), { ticketId, clientId, body: trimmed });
}
