import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validation } from './app-error';

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith('property ') ? `${path}: ${m.replace(/^property \S+ /, '')}` : m,
    );
    return [...own, ...messages(e.children ?? [], path)];
  });
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** The global pipe: unknown fields, wrong types and oversized strings are 400 VALIDATION. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => validation(messages(errors).join('; ') || 'Invalid request'),
  });
}

/** The same DTO classes validate socket payloads. */
export async function validatePayload<T extends object>(cls: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw validation('The payload must be an object');
  }
  const instance = plainToInstance(cls, payload);
  const errors = await validate(instance, VALIDATION_OPTIONS);
  if (errors.length) throw validation(messages(errors).join('; '));
  return instance;
}
