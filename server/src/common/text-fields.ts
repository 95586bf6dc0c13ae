import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { textProblem } from '@ccr/shared';

type TextRules = Parameters<typeof textProblem>[2];

/** The first problem of a value (or of each string in an array), as `textProblem` words it. */
function problemOf(field: string, value: unknown, rules: TextRules): string | null {
  const texts = Array.isArray(value) ? value : [value];
  for (const text of texts) {
    const problem = typeof text === 'string' ? textProblem(field, text, rules) : null;
    if (problem) return problem;
  }
  return null;
}

/**
 * Text a person will read: no control characters, and (unless `required: false`) something visible;
 * `oneLine` fields (names, subjects, categories) also refuse line breaks and text-direction controls.
 * Other types are left to `@IsString`.
 */
export function PlainText(rules: TextRules = {}, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'plainText',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => problemOf(args?.property ?? 'text', value, rules) === null,
        defaultMessage: (args?: ValidationArguments) => problemOf(args?.property ?? 'text', args?.value, rules) ?? 'text is not valid',
      },
    },
    options,
  );
}
