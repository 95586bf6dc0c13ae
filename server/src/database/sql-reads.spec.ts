import { ReadBatcher, type SendPacket } from './sql-reads';

interface Sent {
  sql: string;
  params: unknown[];
  done: (error: unknown, result?: unknown) => void;
}

/** A database stand-in that holds every packet until the test answers it. */
function fakeDatabase() {
  const sent: Sent[] = [];
  const send: SendPacket = (sql, params, done) => void sent.push({ sql, params, done });
  return { sent, send };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadBatcher: reads asked for together share one packet', () => {
  it('sends the reads of one turn as one multi-statement packet and gives each its own result set', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send);
    const ticket = reads.query('SELECT * FROM tickets WHERE id = ?', ['T1']);
    const messages = reads.query('SELECT * FROM messages WHERE ticket_id = ? AND seq > ?', ['T1', 2]);
    await turn();
    expect(db.sent).toHaveLength(1);
    expect(db.sent[0].sql).toBe('SELECT * FROM tickets WHERE id = ?;\nSELECT * FROM messages WHERE ticket_id = ? AND seq > ?');
    expect(db.sent[0].params).toEqual(['T1', 'T1', 2]);
    db.sent[0].done(null, [[{ id: 'T1' }], [{ seq: 3 }, { seq: 4 }]]);
    await expect(ticket).resolves.toEqual([{ id: 'T1' }]);
    await expect(messages).resolves.toEqual([{ seq: 3 }, { seq: 4 }]);
    expect(reads.stats).toEqual({ packets: 1, statements: 2, largestPacket: 2 });
  });

  it('sends a read alone as it is (its result is the rows, not a list of result sets)', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send);
    const one = reads.query('SELECT 1 AS n', []);
    await turn();
    expect(db.sent.map((s) => s.sql)).toEqual(['SELECT 1 AS n']);
    db.sent[0].done(null, [{ n: 1 }]);
    await expect(one).resolves.toEqual([{ n: 1 }]);
  });

  it('lets a read leave before the next turn of the event loop (other I/O does not go first)', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send);
    void reads.query('SELECT 1', []);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(db.sent).toHaveLength(1);
  });

  it('keeps at most maxInFlight packets under way; the reads that wait meanwhile share the next one', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send, 2);
    const first = [reads.query('SELECT 1', []), reads.query('SELECT 2', [])];
    await turn();
    expect(db.sent).toHaveLength(1);
    const second = reads.query('SELECT 3', []);
    await turn();
    expect(db.sent).toHaveLength(2);
    // Both connections busy: these wait, however many turns pass.
    const waiting = [4, 5, 6].map((n) => reads.query(`SELECT ${n}`, []));
    await turn();
    await turn();
    expect(db.sent).toHaveLength(2);
    db.sent[1].done(null, [{ n: 3 }]);
    await expect(second).resolves.toEqual([{ n: 3 }]);
    await turn();
    expect(db.sent).toHaveLength(3);
    expect(db.sent[2].sql).toBe('SELECT 4;\nSELECT 5;\nSELECT 6');
    db.sent[2].done(null, [[{ n: 4 }], [{ n: 5 }], [{ n: 6 }]]);
    db.sent[0].done(null, [[{ n: 1 }], [{ n: 2 }]]);
    await expect(Promise.all([...first, ...waiting])).resolves.toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 4 }], [{ n: 5 }], [{ n: 6 }]]);
  });

  it('puts at most maxPerPacket reads in one packet', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send, 3, 2);
    const all = [1, 2, 3, 4, 5].map((n) => reads.query(`SELECT ${n}`, [n]));
    await turn();
    expect(db.sent.map((s) => s.params)).toEqual([[1, 2], [3, 4], [5]]);
    db.sent[0].done(null, [['a'], ['b']]);
    db.sent[1].done(null, [['c'], ['d']]);
    db.sent[2].done(null, ['e']);
    await expect(Promise.all(all)).resolves.toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
  });

  it('when a packet fails, runs each of its reads alone: only the bad one fails', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send);
    const good = reads.query('SELECT ok', ['x']);
    const bad = reads.query('SELECT broken', ['y']);
    await turn();
    db.sent[0].done(Object.assign(new Error('syntax error'), { code: 'ER_PARSE_ERROR' }));
    expect(db.sent.slice(1).map((s) => [s.sql, s.params])).toEqual([
      ['SELECT ok', ['x']],
      ['SELECT broken', ['y']],
    ]);
    db.sent[1].done(null, [{ ok: 1 }]);
    db.sent[2].done(Object.assign(new Error('syntax error'), { code: 'ER_PARSE_ERROR' }));
    await expect(good).resolves.toEqual([{ ok: 1 }]);
    await expect(bad).rejects.toMatchObject({ code: 'ER_PARSE_ERROR' });
  });

  it('passes a lone read’s error on as it is (a stopped database stays a 503, not a retry)', async () => {
    const db = fakeDatabase();
    const reads = new ReadBatcher(db.send);
    const one = reads.query('SELECT 1', []);
    await turn();
    db.sent[0].done(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }));
    await expect(one).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(db.sent).toHaveLength(1);
  });
});
