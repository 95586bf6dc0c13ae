import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIMITS, TICKET_STATUSES, type TicketStatus } from '@ccr/shared';
import { ToBool, ToInt, Trim } from '../common/transforms';

export class CreateTicketDto {
  @Trim() @IsString() @Length(1, LIMITS.subjectMaxLength, { message: `subject must be 1 to ${LIMITS.subjectMaxLength} characters` })
  subject: string;

  @Trim() @IsString() @Length(1, LIMITS.categoryMaxLength, { message: `category must be 1 to ${LIMITS.categoryMaxLength} characters` })
  category: string;

  @Trim() @IsString()
  @Length(1, LIMITS.descriptionMaxLength, { message: `description must be 1 to ${LIMITS.descriptionMaxLength} characters` })
  description: string;
}

export class ListTicketsQuery {
  @IsOptional() @IsIn(TICKET_STATUSES as string[], { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @IsOptional() @ToBool() @IsBoolean({ message: 'assigned must be true or false' })
  assigned?: boolean;

  @IsOptional() @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @IsOptional() @Trim() @IsString() @MaxLength(LIMITS.categoryMaxLength)
  category?: string;

  @IsOptional() @Trim() @IsString() @MaxLength(LIMITS.searchMaxLength)
  q?: string;

  @IsOptional() @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor is not valid' })
  cursor?: string;

  @IsOptional() @ToInt() @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(LIMITS.ticketPageMax)
  limit?: number;
}

export class AssignTicketDto {
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId: string;
}

export class RateTicketDto {
  @IsInt({ message: 'score must be a whole number from 1 to 5' }) @Min(LIMITS.ratingMin) @Max(LIMITS.ratingMax)
  score: number;

  @IsOptional() @Trim() @IsString() @MaxLength(LIMITS.ratingCommentMaxLength)
  comment?: string;
}
