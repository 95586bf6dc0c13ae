import { Refreshing } from './stats-cache.service';

const tick = () => new Promise((r) => setImmediate(r));

describe('Refreshing', () => {
  it('shares one computation between concurrent callers and reuses it while fresh', async () => {
    let runs = 0;
    const r = new Refreshing(async () => ++runs, 1000, 5000);
    const [a, b, c] = await Promise.all([r.get(0), r.get(0), r.get(0)]);
    expect([a, b, c, runs]).toEqual([1, 1, 1, 1]);
    expect(await r.get(Date.now() + 500)).toBe(1);
    expect(runs).toBe(1);
  });

  it('serves an old value at once and refreshes it in the background; recomputes first when too old', async () => {
    let runs = 0;
    const r = new Refreshing(async () => ++runs, 1000, 5000);
    await r.get();
    expect(await r.get(Date.now() + 2000)).toBe(1);
    await tick();
    expect(runs).toBe(2);
    expect(await r.get(Date.now() + 60_000)).toBe(3);
  });

  it('after invalidate(), the next caller waits for a value computed after the change', async () => {
    let source = 'before';
    const releases: (() => void)[] = [];
    const r = new Refreshing(
      () =>
        new Promise<string>((resolve) => {
          const seen = source;
          releases.push(() => resolve(seen));
        }),
      60_000,
      60_000,
    );
    const first = r.get();
    // A change lands while the first computation (which read the old data) is still running.
    source = 'after';
    r.invalidate();
    const second = r.get();
    expect(releases).toHaveLength(2);
    releases[0]();
    releases[1]();
    expect(await first).toBe('before');
    expect(await second).toBe('after');
    expect(await r.get()).toBe('after');
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const r = new Refreshing(
      async () => {
        if (fail) throw new Error('db down');
        return 'ok';
      },
      1000,
      5000,
    );
    await expect(r.get()).rejects.toThrow('db down');
    fail = false;
    expect(await r.get()).toBe('ok');
  });
});
