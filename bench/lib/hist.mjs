/**
 * A small log-bucketed latency histogram (2 % relative precision from 10 µs up), cheap to
 * record into and cheap to send between processes: workers record, the driver merges.
 */
const BASE = 0.01; // ms: the upper bound of bucket 0
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

export class Hist {
  constructor() {
    this.counts = new Map();
    this.n = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }

  record(ms) {
    if (!(ms >= 0)) ms = 0;
    const i = ms <= BASE ? 0 : Math.ceil(Math.log(ms / BASE) / LOG_GROWTH);
    this.counts.set(i, (this.counts.get(i) ?? 0) + 1);
    this.n++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other) {
    const o = other instanceof Hist ? other : Hist.from(other);
    for (const [i, c] of o.counts) this.counts.set(i, (this.counts.get(i) ?? 0) + c);
    this.n += o.n;
    this.sum += o.sum;
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
    return this;
  }

  /** The value at quantile q (0..1): the upper bound of its bucket, never above the exact max. */
  quantile(q) {
    if (!this.n) return null;
    const rank = Math.max(1, Math.ceil(q * this.n));
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.counts.get(k);
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, BASE * GROWTH ** k));
    }
    return this.max;
  }

  summary() {
    const r = (x) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 100) / 100);
    return {
      count: this.n,
      mean: r(this.n ? this.sum / this.n : null),
      p50: r(this.quantile(0.5)),
      p95: r(this.quantile(0.95)),
      p99: r(this.quantile(0.99)),
      max: r(this.n ? this.max : null),
    };
  }

  toJSON() {
    return { counts: [...this.counts], n: this.n, sum: this.sum, min: this.min === Infinity ? null : this.min, max: this.max };
  }

  static from(json) {
    const h = new Hist();
    if (!json) return h;
    h.counts = new Map(json.counts);
    h.n = json.n;
    h.sum = json.sum;
    h.min = json.min ?? Infinity;
    h.max = json.max;
    return h;
  }
}
