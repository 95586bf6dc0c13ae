import { SqlReads } from '../../server/src/database/sql-reads';
import { useTestApp } from '../helpers/app';
import { newClientId, type Session } from '../helpers/api';
import { ack } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * ticket:join builds the ticket in two queries of its own (a reconnect storm runs it once per
 * client); whatever the state and whoever asks, it must be exactly what GET /tickets/:id answers.
 */
describe('ticket:join answers the same ticket as the REST API', () => {
  const f = useTestApp();

  async function same(session: Session, ticketId: string, afterSeq?: number) {
    const socket = await f.online(session.token);
    const joined = await ack(socket, 'ticket:join', afterSeq === undefined ? { ticketId } : { ticketId, afterSeq });
    expect(joined.ok).toBe(true);
    const rest = await f.api.get(`/tickets/${ticketId}`, session.token).expect(200);
    expect(joined.ticket).toEqual(rest.body);
    const history = await f.api.get(`/tickets/${ticketId}/messages?afterSeq=${afterSeq ?? 0}&limit=200`, session.token).expect(200);
    expect(joined.messages).toEqual(history.body.items);
    return joined;
  }

  it('an OPEN ticket behind others in the queue, for its customer and an admin', async () => {
    const customer = await f.api.registerCustomer();
    await f.api.raiseTicket(customer.token);
    await f.api.raiseTicket(customer.token);
    const third = await f.api.raiseTicket(customer.token);
    const joined = await same(customer, third.id);
    expect(joined.ticket.queuePosition).toBeGreaterThanOrEqual(3);
    await same(f.admin, third.id);
  });

  it('an ASSIGNED ticket with messages and unread counts, for the customer, the agent (online) and an admin', async () => {
    const customer = await f.api.registerCustomer();
    const agent = (await f.api.createAgent(f.admin.token, { expertise: ['Electronics', 'Books'] })) as unknown as Session;
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    await f.online(agent.token); // the agent is online
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'question' }, customer.token).expect(201);
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'answer' }, agent.token).expect(201);
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'thanks' }, customer.token).expect(201);
    const joined = await same(customer, ticket.id, 1);
    expect(joined.ticket.agent).toMatchObject({ online: true, expertise: ['Electronics', 'Books'] });
    expect(joined.messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    await same(agent, ticket.id);
    await same(f.admin, ticket.id);
  });

  it('a CLOSED and rated ticket; a stranger and an unknown id get NOT_FOUND', async () => {
    const customer = await f.api.registerCustomer();
    const agent = (await f.api.createAgent(f.admin.token)) as unknown as Session;
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    await f.api.post(`/tickets/${ticket.id}/close`, undefined, customer.token).expect(200);
    await f.api.post(`/tickets/${ticket.id}/rating`, { score: 5, comment: 'great' }, customer.token).expect(201);
    const joined = await same(customer, ticket.id);
    expect(joined.ticket).toMatchObject({ status: 'CLOSED', rating: { score: 5, comment: 'great' } });
    const stranger = await f.api.registerCustomer();
    const s = await f.online(stranger.token);
    expect(await ack(s, 'ticket:join', { ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ack(s, 'ticket:join', { ticketId: '7c0e0d1e-2f4b-4c3a-9e51-3f1f0c9b8a77' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('on MySQL a rejoin is ONE packet carrying both reads, and the messages follow the ticket whatever the id’s case', async () => {
    const customer = await f.api.registerCustomer();
    const ticket = await f.api.raiseTicket(customer.token);
    for (const body of ['one', 'two', 'three'])
      await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, customer.token).expect(201);
    const socket = await f.online(customer.token);
    const stats = f.t.app.get(SqlReads).stats!;
    const before = { ...stats };
    const joined = await ack(socket, 'ticket:join', { ticketId: ticket.id.toUpperCase(), afterSeq: 1 });
    expect(stats.packets - before.packets).toBe(1);
    expect(stats.statements - before.statements).toBe(2);
    expect(joined.ok).toBe(true);
    expect(joined.ticket.id).toBe(ticket.id);
    expect(joined.messages.map((m: { body: string }) => m.body)).toEqual(['two', 'three']);
  });

  it('on MySQL a read that fails in a shared packet fails alone; the others get their own rows', async () => {
    const reads = f.t.app.get(SqlReads);
    const [a, broken, b] = await Promise.allSettled([
      reads.query<{ n: number }>('SELECT ? AS n', [1]),
      reads.query('SELECT * FROM no_such_table WHERE id = ?', ['x']),
      reads.query<{ n: number }>('SELECT ? AS n', [2]),
    ]);
    expect(a).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(b).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(broken).toMatchObject({ status: 'rejected', reason: { code: 'ER_NO_SUCH_TABLE' } });
  });
});
