import 'reflect-metadata';
import { validatePayload } from '../common/validation';
import { quickSendPayload, SendMessagePayload } from './messages.dto';

const ticketId = '7c0e0d1e-2f4b-4c3a-9e51-3f1f0c9b8a77';

/** The hot path's payload check never accepts what the DTO refuses, and accepts the ordinary payloads the DTO accepts. */
describe('quickSendPayload', () => {
  const cases: [string, unknown][] = [
    ['ordinary', { ticketId, clientId: 'a1b2-c3_d4', body: 'Hello' }],
    ['body trimmed', { ticketId, clientId: 'x', body: '  padded  ' }],
    ['upper-case uuid', { ticketId: ticketId.toUpperCase(), clientId: 'x', body: 'hi' }],
    ['longest body', { ticketId, clientId: 'x', body: 'y'.repeat(4000) }],
    ['body too long', { ticketId, clientId: 'x', body: 'y'.repeat(4001) }],
    ['emoji body within the character count', { ticketId, clientId: 'x', body: '😀'.repeat(2500) }],
    ['blank body', { ticketId, clientId: 'x', body: '   ' }],
    ['empty body', { ticketId, clientId: 'x', body: '' }],
    ['zero-width spaces only', { ticketId, clientId: 'x', body: '\u200b\u200b\ufeff' }],
    ['a NUL in the body', { ticketId, clientId: 'x', body: 'hi\u0000there' }],
    ['lines and tabs', { ticketId, clientId: 'x', body: 'line one\n\tline two\r\nthree' }],
    ['right-to-left text with its controls', { ticketId, clientId: 'x', body: 'price \u2067\u05de\u05d7\u05d9\u05e8\u2069 ok' }],
    ['number body', { ticketId, clientId: 'x', body: 5 }],
    ['bad uuid', { ticketId: 'not-a-uuid', clientId: 'x', body: 'hi' }],
    ['uuid version 0', { ticketId: '7c0e0d1e-2f4b-0c3a-9e51-3f1f0c9b8a77', clientId: 'x', body: 'hi' }],
    ['clientId with a space', { ticketId, clientId: 'a b', body: 'hi' }],
    ['clientId too long', { ticketId, clientId: 'c'.repeat(65), body: 'hi' }],
    ['unknown field', { ticketId, clientId: 'x', body: 'hi', sender: 'me' }],
    ['missing field', { ticketId, body: 'hi' }],
    ['array', [ticketId, 'x', 'hi']],
    ['null', null],
    ['string', 'hello'],
  ];

  it.each(cases)('%s: agrees with the DTO', async (_name, payload) => {
    const quick = quickSendPayload(payload);
    const slow = await validatePayload(SendMessagePayload, payload).then(
      (v) => ({ ok: true as const, v }),
      () => ({ ok: false as const }),
    );
    if (quick) {
      expect(slow.ok).toBe(true);
      expect({ ...quick }).toEqual({ ...(slow as { v: SendMessagePayload }).v });
    } else if (slow.ok) {
      // Only unusual payloads may take the slow path while valid: here, a body counted by characters rather than UTF-16 units.
      expect(_name).toBe('emoji body within the character count');
    }
  });
});

describe('message bodies a person can read', () => {
  const refusal = (body: string) =>
    validatePayload(SendMessagePayload, { ticketId, clientId: 'x', body }).then(
      () => null,
      (e: Error) => e.message,
    );

  it('refuses control characters and invisible-only text with a clear message, keeps line breaks and bidi isolates', async () => {
    expect(await refusal('hi\u0000there')).toBe('body must not contain control characters');
    expect(await refusal('bell\u0007')).toBe('body must not contain control characters');
    expect(await refusal('\u200b\u200d\u2060')).toBe('body must contain visible text');
    expect(await refusal('two\nlines\tand a tab')).toBeNull();
    expect(await refusal('\u2067\u05e9\u05dc\u05d5\u05dd\u2069')).toBeNull();
  });
});
