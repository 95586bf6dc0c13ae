import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MessageLanes } from './message-lanes';

describe('message lanes', () => {
  // No connection is opened: a lane's pool is created on its first batch only.
  const mysql = { options: { type: 'mysql', url: 'mysql://nobody@127.0.0.1:1/none' } } as unknown as DataSource;
  const sqlite = { options: { type: 'better-sqlite3', database: ':memory:' } } as unknown as DataSource;
  const ids = [...Array(200)].map(() => randomUUID());

  it('sends every ticket through one lane, whatever the case of its id (MySQL compares ids case-insensitively)', () => {
    const lanes = new MessageLanes(mysql, () => undefined, { lanes: 2 });
    for (const id of ids) expect(lanes.laneOf(id.toUpperCase())).toBe(lanes.laneOf(id));
  });

  it('spreads the tickets over every lane', () => {
    const lanes = new MessageLanes(mysql, () => undefined, { lanes: 3 });
    const counts = lanes.stores.map((s) => ids.filter((id) => lanes.laneOf(id) === s).length);
    for (const n of counts) expect(n).toBeGreaterThan(40);
  });

  it('keeps one lane on the embedded SQLite database (one connection, one writer)', () => {
    expect(new MessageLanes(sqlite, () => undefined, { lanes: 2 }).stores).toHaveLength(1);
  });

  it('adds the lanes’ counters up and keeps the largest batch of any', () => {
    const lanes = new MessageLanes(mysql, () => undefined, { lanes: 2 });
    Object.assign(lanes.stores[0].stats, { batches: 3, stored: 30, largestBatch: 12, guessed: 2 });
    Object.assign(lanes.stores[1].stats, { batches: 4, stored: 20, largestBatch: 9, retried: 1 });
    expect(lanes.stats).toEqual({ batches: 7, stored: 50, largestBatch: 12, retried: 1, guessed: 2, staleGuesses: 0 });
  });
});
