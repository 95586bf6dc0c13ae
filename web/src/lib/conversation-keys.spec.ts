import { describe, expect, it } from '@jest/globals';
import { conversationStep, neighbour } from './conversation-keys';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('moving between conversations with the keyboard', () => {
  it('takes Alt+↓ and Alt+↑ only', () => {
    expect(conversationStep(key('ArrowDown', { altKey: true }))).toBe(1);
    expect(conversationStep(key('ArrowUp', { altKey: true }))).toBe(-1);
    expect(conversationStep(key('ArrowDown'))).toBeNull();
    expect(conversationStep(key('ArrowDown', { altKey: true, shiftKey: true }))).toBeNull();
    expect(conversationStep(key('ArrowDown', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(conversationStep(key('j', { altKey: true }))).toBeNull();
  });

  it('goes to the next or the previous one in the list, from none to an end, and stops at the ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbour(ids, 'a', 1)).toBe('b');
    expect(neighbour(ids, 'b', -1)).toBe('a');
    expect(neighbour(ids, 'c', 1)).toBeNull();
    expect(neighbour(ids, 'a', -1)).toBeNull();
    expect(neighbour(ids, null, 1)).toBe('a');
    expect(neighbour(ids, null, -1)).toBe('c');
    // An open chat that is not in the list shown (a closed one, with Active shown).
    expect(neighbour(ids, 'x', 1)).toBe('a');
    expect(neighbour([], null, 1)).toBeNull();
  });
});
