import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '@ccr/shared';
import { Lowercase, Trim } from '../common/transforms';
import { PlainText } from '../common/text-fields';
import { PasswordField } from './password.policy';
import { ApiProperty } from '@nestjs/swagger';

export class RegisterDto {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.nameMaxLength, example: 'Carla' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.nameMaxLength, { message: `firstName must be 1 to ${LIMITS.nameMaxLength} characters` })
  firstName: string;

  @ApiProperty({ minLength: 1, maxLength: LIMITS.nameMaxLength, example: 'Customer' })
  @Trim() @IsString() @PlainText({ oneLine: true }) @Length(1, LIMITS.nameMaxLength, { message: `lastName must be 1 to ${LIMITS.nameMaxLength} characters` })
  lastName: string;

  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'carla@example.com' })
  @Lowercase() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({ minLength: LIMITS.passwordMinLength, maxLength: LIMITS.passwordMaxLength, description: 'At most 72 bytes; not one of the most common passwords', example: 'correct horse battery' })
  @PasswordField()
  password: string;

  @ApiProperty({ description: 'The password again', example: 'correct horse battery' })
  @IsString() @MaxLength(LIMITS.passwordMaxLength * 4)
  confirmPassword: string;
}

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'carla@example.com' })
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 1024, example: 'correct horse battery' })
  @IsString() @Length(1, 1024)
  password: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'carla@example.com' })
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'carla@example.com' })
  @Lowercase() @IsString() @Length(1, LIMITS.emailMaxLength)
  email: string;

  @ApiProperty({ pattern: '^\\d{6}$', description: 'The 6 digits from the email', example: '123456' })
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the email' })
  code: string;

  @ApiProperty({ minLength: LIMITS.passwordMinLength, maxLength: LIMITS.passwordMaxLength, description: 'At most 72 bytes; not one of the most common passwords', example: 'a brand new passphrase' })
  @PasswordField()
  newPassword: string;
}

export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 1024 })
  @IsString() @Length(1, 1024)
  currentPassword: string;

  @ApiProperty({ minLength: LIMITS.passwordMinLength, maxLength: LIMITS.passwordMaxLength, description: 'At most 72 bytes; not one of the most common passwords', example: 'a brand new passphrase' })
  @PasswordField()
  newPassword: string;
}

export class RequestEmailChangeDto {
  @ApiProperty({ format: 'email', maxLength: LIMITS.emailMaxLength, example: 'carla.new@example.com' })
  @Lowercase() @IsEmail({}, { message: 'newEmail must be a valid email address' }) @MaxLength(LIMITS.emailMaxLength)
  newEmail: string;

  @ApiProperty({ minLength: 1, maxLength: 1024, description: 'The current password, to prove it is the account holder' })
  @IsString() @Length(1, 1024)
  password: string;
}

export class ConfirmEmailChangeDto {
  @ApiProperty({ pattern: '^\\d{6}$', description: 'The 6 digits mailed to the new address', example: '123456' })
  @IsString() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from the email' })
  code: string;
}
