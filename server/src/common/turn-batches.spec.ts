import { TurnBatches } from './turn-batches';

/** A queue whose batches are recorded with the time they left, each held under way until `release()`. */
function recorder(maxInFlight: number, maxBatch: number, minIntervalMs?: number) {
  const left: { items: number[]; at: number }[] = [];
  const waiting: (() => void)[] = [];
  const queue = new TurnBatches<number>(
    (items) => {
      left.push({ items, at: performance.now() });
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    maxInFlight,
    maxBatch,
    { minIntervalMs },
  );
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { queue, left, release };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const realSetTimeout = setTimeout;
const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/**
 * Runs `body` with every timer it sets firing `earlyMs` early. Timers do fire early by the
 * performance clock (libuv counts from the loop's cached time), by less than a millisecond.
 */
async function withTimersEarly(earlyMs: number, body: () => Promise<void>) {
  global.setTimeout = ((fn: () => void, ms = 0) => realSetTimeout(fn, Math.max(0, ms - earlyMs))) as typeof setTimeout;
  try {
    await body();
  } finally {
    global.setTimeout = realSetTimeout;
  }
}

describe('TurnBatches', () => {
  it('hands the items queued in one task over as one batch, on the next turn', async () => {
    const { queue, left } = recorder(1, 100);
    [1, 2, 3].forEach((i) => queue.push(i));
    expect(left).toHaveLength(0);
    await turn();
    expect(left.map((b) => b.items)).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives while every slot is busy into the next batch, at most maxBatch items each', async () => {
    const { queue, left, release } = recorder(1, 3);
    queue.push(1);
    await turn();
    [2, 3, 4, 5].forEach((i) => queue.push(i));
    await turn();
    expect(left.map((b) => b.items)).toEqual([[1]]);
    expect(queue.pending).toBe(4);
    release();
    await turn();
    await turn();
    expect(left.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    release();
    await turn();
    await turn();
    expect(left.map((b) => b.items)).toEqual([[1], [2, 3, 4], [5]]);
  });

  describe('with a least interval between batches', () => {
    const interval = 60;

    it('lets the first item after a quiet spell leave at once', async () => {
      const { queue, left } = recorder(1, 100, interval);
      const pushed = performance.now();
      queue.push(1);
      await turn();
      expect(left).toHaveLength(1);
      expect(left[0].at - pushed).toBeLessThan(interval / 2);
    });

    it.each([
      ['on time', 0],
      ['5 ms early', 5],
    ])(
      'holds the next batch until the interval has passed since the last one left, and sends what gathered meanwhile together (timers firing %s)',
      (_, earlyMs) =>
        withTimersEarly(earlyMs, async () => {
          const { queue, left, release } = recorder(1, 100, interval);
          queue.push(1);
          await turn();
          release(); // the first batch is done at once: only the interval holds the next one
          await turn();
          queue.push(2);
          await sleep(interval / 3);
          queue.push(3);
          await turn();
          expect(left).toHaveLength(1);
          await sleep(interval);
          expect(left.map((b) => b.items)).toEqual([[1], [2, 3]]);
          // The interval counts from just before the first batch ran, so the gap may fall short of it by a
          // fraction of a millisecond, never more (a timer that fires early waits the rest).
          expect(left[1].at - left[0].at).toBeGreaterThanOrEqual(interval - 1);
        }),
    );

    it('does not wait when the batch before took longer than the interval', async () => {
      const { queue, left, release } = recorder(1, 100, interval);
      queue.push(1);
      await turn();
      queue.push(2);
      await sleep(interval + 10);
      expect(left).toHaveLength(1);
      const released = performance.now();
      release();
      await turn();
      await turn();
      expect(left.map((b) => b.items)).toEqual([[1], [2]]);
      expect(left[1].at - released).toBeLessThan(interval / 2);
    });
  });
});
