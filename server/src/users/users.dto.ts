import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { LIMITS, Role, type AgentDto, type UserDto } from '@ccr/shared';
import { Lowercase, Trim } from '../common/transforms';
import { PasswordField } from '../auth/password.policy';
import type { AgentProfile } from './agent-profile.entity';
import type { User } from './user.entity';

export class CreateAgentDto {
  @Trim() @IsString() @Length(1, LIMITS.nameMaxLength)
  firstName: string;

  @Trim() @IsString() @Length(1, LIMITS.nameMaxLength)
  lastName: string;

  @Lowercase() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(LIMITS.emailMaxLength)
  email: string;

  @PasswordField()
  password: string;

  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  expertise?: string[];

  @IsOptional() @IsInt() @Min(LIMITS.maxConcurrentMin) @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;
}

export class UpdateAgentDto {
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.categoriesMax)
  @IsString({ each: true }) @Length(1, LIMITS.categoryMaxLength, { each: true })
  expertise?: string[];

  @IsOptional() @IsInt() @Min(LIMITS.maxConcurrentMin) @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;

  @IsOptional() @IsBoolean()
  active?: boolean;
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
    online,
    openTickets: profile.openTickets,
    ratingAverage: rating.average,
    ratingCount: rating.count,
  };
}
