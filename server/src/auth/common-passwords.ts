import { dictionary } from '@zxcvbn-ts/language-common';
import { LIMITS } from '@ccr/shared';

/**
 * Passwords that attackers try first (the zxcvbn-ts list of about 49,000 leaked passwords).
 * Only those long enough to pass the length rule matter; compared case-insensitively.
 */
const COMMON = new Set(
  (dictionary.passwords as string[]).filter((p) => p.length >= LIMITS.passwordMinLength).map((p) => p.toLowerCase()),
);

export const commonPasswordCount = () => COMMON.size;

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}
