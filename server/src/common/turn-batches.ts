/**
 * A queue handed over in batches. A batch leaves once the code that queued its first item has run
 * (`defer`: the next turn of the event loop, or the end of the current task), so the items queued
 * together share it; at most `maxBatch` items a batch and at most `maxInFlight` batches under way.
 * While every slot is busy the queue grows, and the next batch takes what gathered meanwhile: under
 * load the batches grow instead of the round trips.
 */
export class TurnBatches<T> {
  private queue: T[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    /** Runs one batch; its slot frees when the promise settles. */
    private readonly run: (batch: T[]) => Promise<unknown>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
    /** When a batch may leave after its first item: setImmediate lets I/O that already arrived join it. */
    private readonly defer: (flush: () => void) => void = setImmediate,
  ) {}

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
    this.defer(() => {
      this.scheduled = false;
      while (this.inFlight < this.maxInFlight && this.queue.length) {
        this.inFlight++;
        const free = () => {
          this.inFlight--;
          this.schedule();
        };
        this.run(this.queue.splice(0, this.maxBatch)).then(free, free);
      }
    });
  }
}
