import { applyDecorators } from '@nestjs/common';
import { IsString, Length, registerDecorator, ValidationArguments } from 'class-validator';
import { LIMITS } from '@ccr/shared';
import { isCommonPassword } from './common-passwords';

/** bcrypt reads only the first 72 bytes; a longer password is refused rather than silently cut. */
function FitsBcrypt() {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'fitsBcrypt',
      target: object.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= LIMITS.passwordMaxBytes,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'password'} is too long: at most ${LIMITS.passwordMaxBytes} bytes (accented letters and emoji take more than one)`,
      },
    });
}

/** ASVS 6.2: no composition rules, but none of the passwords attackers try first. */
function NotCommon() {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notCommon',
      target: object.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'password'} is one of the most common passwords and easy to guess; choose another`,
      },
    });
}

export const PasswordField = () =>
  applyDecorators(
    IsString(),
    Length(LIMITS.passwordMinLength, LIMITS.passwordMaxLength, {
      message: `password must be ${LIMITS.passwordMinLength} to ${LIMITS.passwordMaxLength} characters`,
    }),
    FitsBcrypt(),
    NotCommon(),
  );
