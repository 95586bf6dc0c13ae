import { describe, expect, it } from '@jest/globals';
import { LIMITS } from '@ccr/shared';
import { newPasswordProblem } from './password';

describe('newPasswordProblem follows the server rules for a new password', () => {
  it('accepts a password within the limits', () => {
    expect(newPasswordProblem('Secret-pass-1')).toBeNull();
    expect(newPasswordProblem('a'.repeat(LIMITS.passwordMaxLength))).toBeNull();
  });

  it('asks for more characters, or fewer', () => {
    expect(newPasswordProblem('short')).toBe(`Use at least ${LIMITS.passwordMinLength} characters.`);
    expect(newPasswordProblem('a'.repeat(LIMITS.passwordMaxLength + 1))).toBe(`Use at most ${LIMITS.passwordMaxLength} characters.`);
  });

  it('refuses a password under the character limit but over the bytes the server takes', () => {
    const cjk = '密'.repeat(30); // 30 characters, 90 bytes
    expect(cjk.length).toBeLessThanOrEqual(LIMITS.passwordMaxLength);
    expect(newPasswordProblem(cjk)).toMatch(/too long/);
    expect(newPasswordProblem('密'.repeat(24))).toBeNull(); // 72 bytes exactly
  });
});
