import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '@ccr/shared';
import { Lowercase, Trim } from '../common/transforms';
import { PasswordField } from './password.policy';

export class RegisterDto {
  @Trim() @IsString() @Length(1, LIMITS.nameMaxLength, { message: `firstName must be 1 to ${LIMITS.nameMaxLength} characters` })
  firstName: string;

  @Trim() @IsString() @Length(1, LIMITS.nameMaxLength, { message: `lastName must be 1 to ${LIMITS.nameMaxLength} characters` })
  lastName: string;

  @Lowercase() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(LIMITS.emailMaxLength)
  email: string;

  @PasswordField()
  password: string;

  @IsString() @MaxLength(LIMITS.passwordMaxLength * 4)
  confirmPassword: string;
}

export class LoginDto {
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;

  @IsString() @Length(1, 1024)
  password: string;
}

export class ForgotPasswordDto {
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;
}

export class ResetPasswordDto {
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;

  @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the email' })
  code: string;

  @PasswordField()
  newPassword: string;
}

export class ChangePasswordDto {
  @IsString() @Length(1, 1024)
  currentPassword: string;

  @PasswordField()
  newPassword: string;
}
