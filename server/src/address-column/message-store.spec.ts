import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import type { DataSource } from 'typeorm';
import { Role, TicketStatus } from '@ccr/shared';
import { CONTENDED_MS, KNOWN_TICKETS_MAX, MessageStore } from './message-store';

/** The store's memory of ticket rows (for guessed one-packet batches) stays bounded and keeps the newest. */
describe('message store: remembered ticket rows', () => {
  // No connection is opened: the pool is created on the first batch only.
  const dataSource = { options: { type: 'mysql', url: 'mysql://nobody@127.0.0.1:1/none' } } as unknown as DataSource;
  const row = (i: number, lastSeq = 0) => ({
    id: `T-${i}`,
    number: i + 1,
    customer_id: 'c',
    agent_id: 'a',
    status: TicketStatus.ASSIGNED,
    first_response_at: null,
    last_seq: lastSeq,
  });
  const noPlan = { lastSeq: new Map<string, number>(), responded: new Set<string>(), at: null };

  function store() {
    const s = new MessageStore(dataSource, () => undefined);
    const inner = s as unknown as {
      known: Map<string, { last_seq: number }>;
      contended: Map<string, number>;
      remember(rows: ReturnType<typeof row>[], plan: typeof noPlan): void;
    };
    return { s, inner };
  }

  it(`keeps at most ${KNOWN_TICKETS_MAX} rows, forgetting the least recently used first`, () => {
    const { inner } = store();
    const rows = [...Array(KNOWN_TICKETS_MAX + 2_500).keys()].map((i) => row(i));
    inner.remember(rows.slice(0, 100), noPlan);
    inner.remember(rows.slice(100), noPlan);
    inner.remember([row(0)], noPlan); // used again: now the newest
    expect(inner.known.size).toBe(KNOWN_TICKETS_MAX);
    expect(inner.known.has('t-0')).toBe(true);
    expect(inner.known.has('t-1')).toBe(false);
    expect(inner.known.has(`t-${KNOWN_TICKETS_MAX + 2_499}`)).toBe(true);
  });

  it('never moves a remembered seq back when two batches answer out of order', () => {
    const { inner } = store();
    inner.remember([row(1, 7)], { ...noPlan, lastSeq: new Map([['T-1', 9]]) });
    inner.remember([row(1, 3)], { ...noPlan, lastSeq: new Map([['T-1', 5]]) });
    expect(inner.known.get('t-1')?.last_seq).toBe(9);
  });

  it('a ticket found changed elsewhere is not remembered again for a while, and the marks stay bounded', () => {
    const { s, inner } = store();
    inner.remember([row(1)], noPlan);
    s.forget(['T-1'], true);
    inner.remember([row(1)], noPlan);
    expect(inner.known.has('t-1')).toBe(false);
    inner.contended.set('t-1', Date.now() - 1); // the mark has run out
    inner.remember([row(1)], noPlan);
    expect(inner.known.has('t-1')).toBe(true);
    s.forget(
      [...Array(KNOWN_TICKETS_MAX * 2).keys()].map((i) => `X-${i}`),
      true,
    );
    expect(inner.contended.size).toBeLessThanOrEqual(KNOWN_TICKETS_MAX);
    expect(CONTENDED_MS).toBeGreaterThan(0);
  });

  it('answers every send of a batch even when one answer throws (a socket ack that failed)', () => {
    const { s } = store();
    const answered: string[] = [];
    const request = (name: string, fail = false) => ({
      caller: { id: 'u' },
      ticketId: 'T-1',
      clientId: name,
      body: name,
      resolve: () => {
        answered.push(name);
        if (fail) throw new Error('the socket is gone');
      },
      reject: () => answered.push(`${name}!`),
    });
    const settle = (s as unknown as { settle(batch: unknown[], results: unknown[]): void }).settle.bind(s);
    const outcome = { duplicate: true };
    settle(
      [request('a'), request('b', true), request('c'), request('d')],
      [{ ok: outcome }, { ok: outcome }, { ok: outcome }, { error: new Error('x') }],
    );
    expect(answered).toEqual(['a', 'b', 'c', 'd!']);
  });

  it('a batch takes a repeated (ticket, sender, clientId) as one message, the clientId in any case, and nothing else', () => {
    const { s, inner } = store();
    const t1 = { ...row(1, 4), customer_id: 'c-1', agent_id: 'a-1' };
    const t2 = { ...row(2, 9), customer_id: 'c-2', agent_id: 'a-1' };
    inner.remember([t1, t2], noPlan);
    const customer1 = { id: 'c-1', role: Role.CUSTOMER, firstName: 'C' };
    const customer2 = { id: 'c-2', role: Role.CUSTOMER, firstName: 'D' };
    const agent = { id: 'a-1', role: Role.AGENT, firstName: 'A' };
    const send = (caller: { id: string; role: Role; firstName: string }, ticketId: string, clientId: string) => ({
      caller,
      ticketId,
      clientId,
      body: clientId,
      resolve() {},
      reject() {},
    });
    const batch = [
      send(customer1, 'T-1', 'abc'),
      send(customer1, 't-1', 'ABC'), // the same send again: the ticket and clientId in other case
      send(customer2, 'T-2', 'abc'), // another sender's clientId, another ticket
      send(agent, 'T-1', 'abc'), // another sender, the same ticket and clientId
      send(agent, 'T-2', 'abc'), // the same agent, another ticket
    ];
    const plan = (
      s as unknown as {
        guess(
          batch: unknown[],
          now: Date,
        ): { results: { ok: { message: { id: string; seq: number; ticketId: string }; duplicate: boolean } }[] };
      }
    ).guess(batch, new Date());
    const answers = plan.results.map((r) => r.ok);
    expect(answers[1].message).toEqual(answers[0].message);
    expect(answers.map((a) => a.duplicate)).toEqual([false, true, false, false, false]);
    expect(new Set(answers.map((a) => a.message.id)).size).toBe(4);
    expect(answers.map((a) => `${a.message.ticketId}#${a.message.seq}`)).toEqual(['T-1#5', 'T-1#5', 'T-2#10', 'T-1#6', 'T-2#11']);
  });
});
