import { describe, expect, it } from '@jest/globals';
import { LIMITS } from '@ccr/shared';
import { changedNames, nameProblem } from './names';

describe('names', () => {
  it('asks for a name, counted as the server counts it', () => {
    expect(nameProblem('  ', 'first')).toBe('Enter a first name.');
    expect(nameProblem('', 'last')).toBe('Enter a last name.');
    expect(nameProblem(' Ada ', 'first')).toBeNull();
    expect(nameProblem('x'.repeat(LIMITS.nameMaxLength), 'first')).toBeNull();
    expect(nameProblem('x'.repeat(LIMITS.nameMaxLength + 1), 'first')).toBe(`At most ${LIMITS.nameMaxLength} characters.`);
    // An emoji is one character, as the server counts it.
    expect(nameProblem('😀'.repeat(LIMITS.nameMaxLength), 'last')).toBeNull();
  });

  it('sends only the names that changed, trimmed', () => {
    const current = { firstName: 'Ada', lastName: 'Lovelace' };
    expect(changedNames(current, { firstName: ' Ada ', lastName: 'Lovelace' })).toEqual({});
    expect(changedNames(current, { firstName: 'Augusta ', lastName: 'Lovelace' })).toEqual({ firstName: 'Augusta' });
    expect(changedNames(current, { firstName: 'Ada', lastName: 'King' })).toEqual({ lastName: 'King' });
  });
});
