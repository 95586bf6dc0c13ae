import type { DataSource } from 'typeorm';
import { isMysql } from '../database/sql-reads';
import { idNormalizer, MessageStore, type StoreOutcome, type StoreRequest, type StoreSettings } from './message-store';

/**
 * Sends split by ticket between independent group commits (lanes), each with its own transactions and
 * connections. A ticket always goes through the same lane (its id as the database compares it), so a
 * ticket's seqs, acks and broadcasts keep their order; two lanes never write the same ticket row, so
 * their transactions run side by side in the database instead of waiting for each other's row locks.
 * On the embedded SQLite database (one connection, one writer) there is one lane.
 */
export class MessageLanes {
  readonly stores: MessageStore[];
  private readonly norm: (s: string) => string;

  constructor(
    dataSource: DataSource,
    published: (outcomes: StoreOutcome[]) => void,
    { lanes = 1, ...settings }: StoreSettings & { lanes?: number },
  ) {
    const count = isMysql(dataSource) ? lanes : 1;
    this.stores = Array.from({ length: count }, () => new MessageStore(dataSource, published, settings));
    this.norm = idNormalizer(dataSource);
  }

  /** The lane of a ticket: a hash of its normalized id. */
  laneOf(ticketId: string): MessageStore {
    if (this.stores.length === 1) return this.stores[0];
    const id = this.norm(ticketId);
    let h = 0;
    for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0;
    return this.stores[(h >>> 0) % this.stores.length];
  }

  enqueue(request: StoreRequest): void {
    this.laneOf(request.ticketId).enqueue(request);
  }

  /** Forgets these tickets' remembered rows in their lanes. */
  forget(ticketIds: Iterable<string>) {
    for (const id of ticketIds) this.laneOf(id).forget([id]);
  }

  /** The lanes' counters added up (the largest batch of any lane). */
  get stats(): MessageStore['stats'] {
    const [first, ...others] = this.stores.map((s) => s.stats);
    const total = { ...first };
    for (const stats of others) {
      for (const key of Object.keys(total) as (keyof typeof total)[]) {
        total[key] = key === 'largestBatch' ? Math.max(total[key], stats[key]) : total[key] + stats[key];
      }
    }
    return total;
  }

  async warm(): Promise<void> {
    await Promise.all(this.stores.map((s) => s.warm()));
  }

  async close(): Promise<void> {
    await Promise.all(this.stores.map((s) => s.close()));
  }
}
