export interface TurnBatchOptions {
  /** When a batch may leave after its first item: setImmediate (the default) lets I/O that already arrived join it. */
  defer?: (flush: () => void) => void;
  /**
   * The least time between two batches leaving, in milliseconds (default 0). An item queued after a
   * quiet spell leaves as before; an item queued sooner after the last batch left waits out the rest
   * of the interval, and what gathers meanwhile leaves with it.
   */
  minIntervalMs?: number;
}

/**
 * A queue handed over in batches. A batch leaves once the code that queued its first item has run
 * (`defer`: the next turn of the event loop, or the end of the current task), so the items queued
 * together share it; at most `maxBatch` items a batch and at most `maxInFlight` batches under way.
 * While every slot is busy the queue grows, and the next batch takes what gathered meanwhile: under
 * load the batches grow instead of the round trips. `minIntervalMs` spaces the batches out further,
 * for work whose every batch costs a fixed price whatever its size (a transaction's commit).
 */
export class TurnBatches<T> {
  private queue: T[] = [];
  private scheduled = false;
  private inFlight = 0;
  private lastLeft = -Infinity;
  private readonly defer: (flush: () => void) => void;
  private readonly minIntervalMs: number;

  constructor(
    /** Runs one batch; its slot frees when the promise settles. */
    private readonly run: (batch: T[]) => Promise<unknown>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
    { defer = setImmediate, minIntervalMs = 0 }: TurnBatchOptions = {},
  ) {
    this.defer = defer;
    this.minIntervalMs = minIntervalMs;
  }

  push(item: T) {
    this.queue.push(item);
    this.schedule();
  }

  /** Items waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    if (this.untilNext() > 0) this.leaveAfterInterval();
    else this.defer(this.leave);
  }

  /** Milliseconds until the interval since the last batch left has passed (≤ 0: it has). */
  private untilNext(): number {
    return this.minIntervalMs && this.lastLeft + this.minIntervalMs - performance.now();
  }

  /** A timer may fire early by the performance clock (libuv counts from the loop's cached time): it then waits the rest. */
  private readonly leaveAfterInterval = () => {
    const rest = this.untilNext();
    if (rest > 0) setTimeout(this.leaveAfterInterval, rest);
    else this.leave();
  };

  private readonly leave = () => {
    this.scheduled = false;
    if (this.minIntervalMs) this.lastLeft = performance.now();
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      this.inFlight++;
      const free = () => {
        this.inFlight--;
        this.schedule();
      };
      this.run(this.queue.splice(0, this.maxBatch)).then(free, free);
    }
  };
}
