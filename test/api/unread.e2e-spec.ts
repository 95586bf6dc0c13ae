import { DataSource } from 'typeorm';
import type { TicketDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { newClientId, type Session } from '../helpers/api';

jest.setTimeout(60_000);

/**
 * Unread counts: a writer has read what they wrote. Sends keep each side's latest seq on the ticket
 * row instead of writing read markers; an agent given a ticket back has still read what they wrote
 * there, and a new agent has read nothing yet.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('unread counts on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });

  it('a writer has read what they wrote; sends write no read markers; agents changing keep their own counts', async () => {
    const { api, admin } = f;
    const db = f.t.app.get(DataSource);
    const customer = await api.registerCustomer();
    const first = (await api.createAgent(admin.token)) as unknown as Session;
    const second = (await api.createAgent(admin.token)) as unknown as Session;
    const ticket = await api.raiseTicket(customer.token);
    await api.assign(admin.token, ticket.id, first.user.id);
    const send = (who: Session, body: string) =>
      api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, who.token).expect(201);
    const unreadOf = async (who: Session) => {
      const one = (await api.get(`/tickets/${ticket.id}`, who.token).expect(200)).body as TicketDto;
      const listed = ((await api.get('/tickets?limit=100', who.token).expect(200)).body.items as TicketDto[]).find(
        (t) => t.id === ticket.id,
      );
      expect(listed?.unread).toBe(one.unread);
      return one.unread;
    };

    await send(customer, 'one'); // 1
    await send(customer, 'two'); // 2
    await send(first, 'three'); // 3
    await send(customer, 'four'); // 4
    expect(await unreadOf(customer)).toBe(0);
    expect(await unreadOf(first)).toBe(1); // "four"
    // Storing those four messages wrote no read marker.
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM read_markers WHERE ticket_id = ?', [ticket.id]);
    expect(Number(n)).toBe(0);

    // Another agent takes over: they have read nothing of it yet.
    await api.assign(admin.token, ticket.id, second.user.id);
    expect(await unreadOf(second)).toBe(4);
    await send(second, 'five'); // 5
    expect(await unreadOf(second)).toBe(0);
    expect(await unreadOf(customer)).toBe(1);

    // Back to the first agent: what they wrote (seq 3) still counts as read.
    await api.assign(admin.token, ticket.id, first.user.id);
    expect(await unreadOf(first)).toBe(2);
    const rows = await db.query('SELECT customer_sent_seq, agent_sent_seq FROM tickets WHERE id = ?', [ticket.id]);
    expect(rows.map((r: Record<string, unknown>) => [Number(r.customer_sent_seq), Number(r.agent_sent_seq)])).toEqual([[4, 3]]);
  });
});
