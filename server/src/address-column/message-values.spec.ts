import { toDate, uuidV7 } from './message-values';

describe('message ids and dates', () => {
  it('uuidV7 is a version 7 UUID whose text order follows time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => uuidV7(t));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set([...Array(1000)].map(() => uuidV7(1)))).toHaveProperty('size', 1000);
    // The first 48 bits are the milliseconds.
    expect(uuidV7(0x0123456789ab)).toMatch(/^01234567-89ab-7/);
    expect(uuidV7(1)).toMatch(/^00000000-0001-7/);
  });

  it('toDate reads SQLite UTC datetimes, ISO strings and Dates alike', () => {
    const d = new Date('2026-11-24T17:52:15.984Z');
    expect(toDate('2026-11-24 17:52:15.984').toISOString()).toBe(d.toISOString());
    expect(toDate(d.toISOString()).toISOString()).toBe(d.toISOString());
    expect(toDate(d)).toBe(d);
  });
});
