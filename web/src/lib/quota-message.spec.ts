import { describe, expect, it } from '@jest/globals';
import { formatTime } from './format';
import { readableQuotaMessage } from './quota-message';

describe('readableQuotaMessage', () => {
  const now = new Date('2026-12-07T13:00:00Z');

  it("shows when the next ticket may be raised in the reader's time, not as an ISO instant", () => {
    const next = '2026-12-08T12:58:47.444Z';
    const shown = readableQuotaMessage(`You can raise 1 ticket every 1 day; your next ticket can be raised after ${next}`, now);
    expect(shown).toBe(`You can raise 1 ticket every day; your next ticket can be raised after ${formatTime(next, now)}`);
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('leaves the plural wording and any other message as they are', () => {
    const next = '2026-12-14T12:59:02.189Z';
    expect(readableQuotaMessage(`You can raise 3 tickets every 7 days; your next ticket can be raised after ${next}`, now)).toBe(
      `You can raise 3 tickets every 7 days; your next ticket can be raised after ${formatTime(next, now)}`,
    );
    expect(readableQuotaMessage('Too many requests, slow down', now)).toBe('Too many requests, slow down');
  });
});
