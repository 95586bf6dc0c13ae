import { describe, expect, it } from '@jest/globals';
import { LIMITS, messagePreview, previewBody, type MessageDto } from '@ccr/shared';
import { newestOf, previewLine } from './message-preview';

const max = LIMITS.messagePreviewLength;

describe('message previews', () => {
  it('keep a body that fits, whole', () => {
    expect(previewBody('Is it waterproof?')).toBe('Is it waterproof?');
    const exact = 'x'.repeat(max);
    expect(previewBody(exact)).toBe(exact);
  });

  it('cut a longer body to the limit, ending in an ellipsis', () => {
    const cut = previewBody('y'.repeat(max + 1));
    expect(Array.from(cut)).toHaveLength(max);
    expect(cut).toBe(`${'y'.repeat(max - 1)}…`);
    expect(previewBody('word '.repeat(100))).toMatch(/word…$/);
  });

  it('count characters as the database does: an emoji is one and is never split', () => {
    const emoji = '😀'.repeat(max); // two UTF-16 units each, one character
    expect(previewBody(emoji)).toBe(emoji);
    const cut = previewBody('😀'.repeat(max + 5));
    expect(Array.from(cut)).toHaveLength(max);
    expect(cut.endsWith('😀…')).toBe(true);
  });

  const message = (seq: number, body = 'z'.repeat(500)): MessageDto => ({
    id: `m${seq}`,
    ticketId: 't1',
    seq,
    clientId: `c${seq}`,
    sender: { id: 'u1', role: 'AGENT', firstName: 'Alex' },
    body,
    createdAt: '2026-01-01T10:00:00.000Z',
  });

  it('of a live message match what the server fills', () => {
    expect(messagePreview(message(7))).toEqual({
      seq: 7,
      sender: { id: 'u1', role: 'AGENT', firstName: 'Alex' },
      body: previewBody('z'.repeat(500)),
      createdAt: '2026-01-01T10:00:00.000Z',
    });
  });

  it('read as a line naming the sender, "You" for the reader', () => {
    const p = messagePreview(message(3, 'On its way'));
    expect(previewLine(p, 'someone-else')).toBe('Alex: On its way');
    expect(previewLine(p, 'u1')).toBe('You: On its way');
    expect(previewLine(null, 'u1')).toBe('');
  });

  it('keep the newer of two, by seq', () => {
    const older = messagePreview(message(3));
    const newer = messagePreview(message(4));
    expect(newestOf(older, newer)).toBe(newer);
    expect(newestOf(newer, older)).toBe(newer);
    expect(newestOf(null, older)).toBe(older);
    expect(newestOf(undefined, null)).toBeNull();
  });
});
