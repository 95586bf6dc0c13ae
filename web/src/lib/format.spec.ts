import { describe, expect, it } from '@jest/globals';
import { formatTime, formatUtcDay, isUtcToday, looksLikeAccountEmail, looksLikeEmail } from './format';

describe('email checks', () => {
  it('a new address needs a domain with a dot, as the server asks', () => {
    expect(looksLikeEmail(' carla@example.com ')).toBe(true);
    for (const bad of ['admin@localhost', 'carla', 'carla@', '@example.com', 'car la@example.com']) expect(looksLikeEmail(bad)).toBe(false);
  });

  it('sign-in and password reset take every address an account can have, the default admin@localhost included', () => {
    for (const ok of ['admin@localhost', ' carla@example.com ']) expect(looksLikeAccountEmail(ok)).toBe(true);
    for (const bad of ['', 'admin', 'admin@', '@localhost', 'ad min@localhost', 'a@b@c']) expect(looksLikeAccountEmail(bad)).toBe(false);
  });
});

describe('times and days', () => {
  const clock = (d: Date) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(d);

  it('shows a time of today as hours and minutes only, from an ISO string or a Date, never with seconds', () => {
    const now = new Date(2026, 2, 3, 18, 0, 0);
    const earlier = new Date(2026, 2, 3, 6, 34, 41);
    expect(formatTime(earlier, now)).toBe(clock(earlier));
    expect(formatTime(earlier.toISOString(), now)).toBe(clock(earlier));
    expect(formatTime(earlier, now)).not.toContain('41');
    expect(formatTime(null)).toBe('');
  });

  it('writes a morning hour without a leading zero on a 12-hour clock ("6:34 AM", not "06:34 AM")', () => {
    const now = new Date(2026, 2, 3, 18, 0, 0);
    const shown = formatTime(new Date(2026, 2, 3, 6, 34), now);
    // Where the reader's clock has 24 hours (LANG=de_DE, say) the hour keeps its two digits: "06:34".
    const twelveHour = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hour12;
    expect(shown).toMatch(twelveHour ? /^6:34\sAM$/ : /^06[:.]34$/);
  });

  it('adds the date to a time of another day', () => {
    const now = new Date(2026, 2, 3, 18, 0, 0);
    const before = new Date(2026, 2, 1, 9, 5, 0);
    expect(formatTime(before, now)).toContain(clock(before));
    expect(formatTime(before, now)).not.toBe(clock(before));
  });

  it('names a UTC day by month and day, and knows the current one', () => {
    expect(formatUtcDay('2026-03-02')).toBe(
      new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date('2026-03-02T00:00:00Z')),
    );
    const now = new Date('2026-03-03T23:30:00Z');
    expect(isUtcToday('2026-03-03', now)).toBe(true);
    expect(isUtcToday('2026-03-02', now)).toBe(false);
    expect(isUtcToday(undefined, now)).toBe(false);
  });
});
