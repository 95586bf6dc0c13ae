import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIMITS, TICKET_STATUSES, type TicketStatus } from '@ccr/shared';
import { ToBool, ToInt, Trim } from '../common/transforms';
import { PlainText } from '../common/text-fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreateTicketDto {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.subjectMaxLength, example: 'Does the X200 soundbar support eARC?' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.subjectMaxLength, { message: `subject must be 1 to ${LIMITS.subjectMaxLength} characters` })
  subject: string;

  @ApiProperty({ minLength: 1, maxLength: LIMITS.categoryMaxLength, description: 'One of GET /api/categories', example: 'Electronics' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.categoryMaxLength, { message: `category must be 1 to ${LIMITS.categoryMaxLength} characters` })
  category: string;

  @ApiProperty({ minLength: 1, maxLength: LIMITS.descriptionMaxLength })
  @Trim() @IsString() @PlainText()
  @Length(1, LIMITS.descriptionMaxLength, { message: `description must be 1 to ${LIMITS.descriptionMaxLength} characters` })
  description: string;
}

export class ListTicketsQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional() @IsIn(TICKET_STATUSES as string[], { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @ApiPropertyOptional({ description: 'true: tickets with an agent; false: without' })
  @IsOptional() @ToBool() @IsBoolean({ message: 'assigned must be true or false' })
  assigned?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({ maxLength: LIMITS.categoryMaxLength })
  @IsOptional() @Trim() @IsString() @MaxLength(LIMITS.categoryMaxLength)
  category?: string;

  @ApiPropertyOptional({ maxLength: LIMITS.searchMaxLength, description: 'Search in subject, description and number' })
  @IsOptional() @Trim() @IsString() @MaxLength(LIMITS.searchMaxLength)
  q?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor is not valid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.ticketPageMax, default: LIMITS.ticketPageDefault })
  @IsOptional() @ToInt() @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(LIMITS.ticketPageMax)
  limit?: number;
}

export class AssignTicketDto {
  @ApiProperty({ format: 'uuid', description: 'An active agent' })
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId: string;
}

export class RateTicketDto {
  @ApiProperty({ minimum: LIMITS.ratingMin, maximum: LIMITS.ratingMax, example: 5 })
  @IsInt({ message: 'score must be a whole number from 1 to 5' }) @Min(LIMITS.ratingMin) @Max(LIMITS.ratingMax)
  score: number;

  @ApiPropertyOptional({ maxLength: LIMITS.ratingCommentMaxLength, example: 'Quick and clear, thank you!' })
  @IsOptional() @Trim() @IsString() @PlainText({ required: false }) @MaxLength(LIMITS.ratingCommentMaxLength)
  comment?: string;
}
