import { describe, expect, it } from '@jest/globals';
import isLength from 'validator/lib/isLength';
import { LIMITS } from '@ccr/shared';
import { lengthCounter, textLength } from './text-length';

describe('textLength counts as the server validates', () => {
  it('counts an emoji once, not as its two UTF-16 units', () => {
    const emoji = '😀'.repeat(2100);
    expect(emoji.length).toBe(4200);
    expect(textLength(emoji)).toBe(2100);
    expect(textLength(emoji) <= LIMITS.messageMaxLength).toBe(true);
  });

  it('counts a character and its variation selector once, and ignores the whitespace the server trims', () => {
    expect(textLength('❤️')).toBe(1);
    expect(textLength('  plain text \n')).toBe(10);
    expect(textLength('')).toBe(0);
  });

  it('agrees with the validator the DTOs use, around the limit and on mixed text', () => {
    const max = LIMITS.messageMaxLength;
    const samples = [
      'a'.repeat(max),
      'a'.repeat(max + 1),
      '😀'.repeat(max),
      '😀'.repeat(max + 1),
      '❤️'.repeat(max),
      '🏳️‍🌈 flag, é, e\u0301, 𝔥𝔢𝔩𝔩𝔬, ☺︎ and ☺️',
      '\uFE0F\uFE0F lone selectors',
      '\uD83D lone high surrogate',
    ];
    for (const s of samples) {
      const n = textLength(s);
      expect(n <= max).toBe(isLength(s.trim(), { max }));
      expect(isLength(s.trim(), { min: n, max: n })).toBe(true);
    }
  });
});

describe('lengthCounter', () => {
  it('shows nothing far from the limit, the count near it and says when it is past it', () => {
    expect(lengthCounter(100, 200)).toBe('');
    expect(lengthCounter(160, 200)).toBe('');
    expect(lengthCounter(161, 200)).toBe('161 / 200');
    expect(lengthCounter(200, 200)).toBe('200 / 200');
    expect(lengthCounter(500, 200)).toBe('Too long: 500 / 200 characters');
  });
});
