import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { LIMITS, Role, type AgentDto, type UserDto } from '@ccr/shared';
import { Lowercase, Trim } from '../common/transforms';
import { PlainText } from '../common/text-fields';
import { PasswordField } from '../auth/password.policy';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AgentProfile } from './agent-profile.entity';
import type { User } from './user.entity';

/** A new first or last name, when given: one line of plain text, 1 to nameMaxLength characters, trimmed. */
function OptionalName(example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: LIMITS.nameMaxLength, example }),
    IsOptional(),
    Trim(),
    IsString(),
    PlainText({ oneLine: true }),
    Length(1, LIMITS.nameMaxLength),
  );
}

/** What a user may change of their own account (the email is how they sign in and stays). */
export class UpdateProfileDto {
  @OptionalName('Carla') firstName?: string;
  @OptionalName('Lindqvist') lastName?: string;
}

export class CreateAgentDto {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.nameMaxLength, example: 'Ada' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.nameMaxLength)
  firstName: string;

  @ApiProperty({ minLength: 1, maxLength: LIMITS.nameMaxLength, example: 'Lindqvist' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.nameMaxLength)
  lastName: string;

  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'ada@example.com' })
  @Lowercase() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({ minLength: LIMITS.passwordMinLength, maxLength: LIMITS.passwordMaxLength, description: 'At most 72 bytes; not one of the most common passwords', example: 'an agent passphrase' })
  @PasswordField()
  password: string;

  @ApiPropertyOptional({ type: [String], maxItems: LIMITS.categoriesMax, description: 'Categories (1 to 60 characters each); empty: any category', example: ['Electronics'] })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @PlainText({ oneLine: true }, { each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  expertise?: string[];

  @ApiPropertyOptional({ minimum: LIMITS.maxConcurrentMin, maximum: LIMITS.maxConcurrentMax, default: LIMITS.maxConcurrentDefault, description: 'Open tickets at once' })
  @IsOptional() @IsInt() @Min(LIMITS.maxConcurrentMin) @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;
}

export class UpdateAgentDto {
  @OptionalName('Ada') firstName?: string;
  @OptionalName('Lindqvist') lastName?: string;

  @ApiPropertyOptional({ type: [String], maxItems: LIMITS.categoriesMax, description: 'Categories (1 to 60 characters each); empty: any category', example: ['Electronics'] })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @PlainText({ oneLine: true }, { each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  expertise?: string[];

  @ApiPropertyOptional({ minimum: LIMITS.maxConcurrentMin, maximum: LIMITS.maxConcurrentMax, default: LIMITS.maxConcurrentDefault, description: 'Open tickets at once' })
  @IsOptional() @IsInt() @Min(LIMITS.maxConcurrentMin) @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;

  @ApiPropertyOptional({ description: 'false deactivates: the agent is signed out and gets no new tickets' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class UpdateAvailabilityDto {
  @ApiProperty({ description: 'true: take no new tickets for now (open chats go on); false: back' })
  @IsBoolean()
  away: boolean;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    role: user.role,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    createdAt: user.createdAt.toISOString(),
  };
}

export interface RatingSummary {
  average: number | null;
  count: number;
}

export function toAgentDto(user: User, profile: AgentProfile, online: boolean, rating: RatingSummary = { average: null, count: 0 }): AgentDto {
  return {
    ...toUserDto(user),
    role: Role.AGENT,
    expertise: profile.expertise,
    maxConcurrent: profile.maxConcurrent,
    active: profile.active,
    away: profile.away,
    online,
    openTickets: profile.openTickets,
    ratingAverage: rating.average,
    ratingCount: rating.count,
  };
}
