import { describe, expect, it } from '@jest/globals';
import { signOutQuestion } from './sign-out-question';

describe('signOutQuestion', () => {
  it('asks nothing when every message is stored', () => {
    expect(signOutQuestion({ waiting: 0, refused: 0 })).toBeNull();
  });

  it('names messages still on their way as not sent yet', () => {
    expect(signOutQuestion({ waiting: 1, refused: 0 })).toBe(
      '1 message has not been sent yet. Signing out deletes it from this browser. Sign out anyway?',
    );
    expect(signOutQuestion({ waiting: 3, refused: 0 })).toBe(
      '3 messages have not been sent yet. Signing out deletes them from this browser. Sign out anyway?',
    );
  });

  it('names refused messages as kept to copy, not as still to be sent', () => {
    expect(signOutQuestion({ waiting: 0, refused: 1 })).toBe(
      '1 message that could not be sent is kept here to copy. Signing out deletes it from this browser. Sign out anyway?',
    );
    expect(signOutQuestion({ waiting: 2, refused: 1 })).toBe(
      '2 messages have not been sent yet, and 1 that could not be sent is kept here to copy. Signing out deletes them from this browser. Sign out anyway?',
    );
    expect(signOutQuestion({ waiting: 0, refused: 2 })).toBe(
      '2 messages that could not be sent are kept here to copy. Signing out deletes them from this browser. Sign out anyway?',
    );
  });
});
