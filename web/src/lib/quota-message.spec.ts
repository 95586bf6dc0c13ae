import { describe, expect, it } from '@jest/globals';
import { formatTime } from './format';
import { quotaNotice, readableQuotaMessage } from './quota-message';

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

describe('quotaNotice', () => {
  const now = new Date('2026-12-07T13:00:00Z');
  const quota = { count: 3, days: 7 };

  it('says nothing when there is no quota', () => {
    expect(quotaNotice({ quota: null, used: null, remaining: null, nextAllowedAt: null }, now)).toBeNull();
  });

  it('says how many tickets are left while some are', () => {
    expect(quotaNotice({ quota, used: 1, remaining: 2, nextAllowedAt: null }, now)).toEqual({
      reached: false,
      text: 'You can raise up to 3 tickets every 7 days; 2 left.',
    });
    expect(quotaNotice({ quota: { count: 1, days: 1 }, used: 0, remaining: 1, nextAllowedAt: null }, now)?.text).toBe(
      'You can raise up to 1 ticket every day; 1 left.',
    );
  });

  it("says the quota is reached and when the next ticket may be raised, in the reader's time", () => {
    const next = '2026-12-09T08:15:00.000Z';
    expect(quotaNotice({ quota, used: 3, remaining: 0, nextAllowedAt: next }, now)).toEqual({
      reached: true,
      text: `You have raised 3 tickets in the last 7 days, the most allowed. You can raise your next ticket after ${formatTime(next, now)}.`,
    });
    expect(quotaNotice({ quota: { count: 1, days: 1 }, used: 1, remaining: 0, nextAllowedAt: next }, now)?.text).toMatch(
      /^You have raised 1 ticket in the last day, the most allowed\./,
    );
  });
});
