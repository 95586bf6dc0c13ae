import { LIMITS } from '@ccr/shared';

/**
 * What is wrong with a new password, as the server's rules would say it, or null when it is fine.
 * The byte limit matters for accented letters, CJK and emoji: 30 such characters are under the
 * character limit but over the 72 bytes that bcrypt reads, and the server refuses them.
 */
export function newPasswordProblem(password: string): string | null {
  if (password.length < LIMITS.passwordMinLength) return `Use at least ${LIMITS.passwordMinLength} characters.`;
  if (password.length > LIMITS.passwordMaxLength) return `Use at most ${LIMITS.passwordMaxLength} characters.`;
  if (new TextEncoder().encode(password).length > LIMITS.passwordMaxBytes)
    return 'That password is too long: accented letters, symbols and emoji count as more than one character. Use a shorter one.';
  return null;
}
