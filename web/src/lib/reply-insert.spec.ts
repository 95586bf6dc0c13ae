import { describe, expect, it } from '@jest/globals';
import { slashQuery } from '@ccr/shared';
import { insertReply, insertSlash } from './reply-insert';

describe('insertReply', () => {
  it('replaces the slash and what was typed after it, and puts the caret after the reply', () => {
    expect(insertReply('/ref', 0, 4, 'Refunds take 5 days.')).toEqual({ text: 'Refunds take 5 days.', caret: 20 });
    expect(insertReply('Hi! /th', 4, 7, 'Thanks')).toEqual({ text: 'Hi! Thanks', caret: 10 });
  });

  it('keeps text after the caret, a space apart', () => {
    expect(insertReply('/th and more', 0, 3, 'Thanks')).toEqual({ text: 'Thanks and more', caret: 6 });
    expect(insertReply('/thmore', 0, 3, 'Thanks')).toEqual({ text: 'Thanks more', caret: 7 });
  });
});

describe('insertSlash', () => {
  it('types "/" at the caret, after a space when a word comes before, so the list opens there', () => {
    for (const [text, from, to, expected] of [
      ['', 0, 0, { text: '/', caret: 1 }],
      ['Hello', 5, 5, { text: 'Hello /', caret: 7 }],
      ['Hello ', 6, 6, { text: 'Hello /', caret: 7 }],
      ['Hello world', 6, 11, { text: 'Hello /', caret: 7 }],
    ] as const) {
      const edit = insertSlash(text, from, to);
      expect(edit).toEqual(expected);
      expect(slashQuery(edit.text, edit.caret)).toEqual({ start: edit.caret - 1, query: '' });
    }
  });
});
