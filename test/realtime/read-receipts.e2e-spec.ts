import { DataSource } from 'typeorm';
import type { JoinAnswer } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { newClientId, type Session } from '../helpers/api';
import { ack, next } from '../helpers/socket';

jest.setTimeout(60_000);

/**
 * "Seen" survives a reload: `ticket:join` answers how far the other side of the chat has read
 * (`peerReadSeq`), so a chat opened later, or rejoined after a reconnect, knows what a live
 * `message:read` said while it was closed. The customer is told their agent's position, the agent
 * the customer's, an admin nobody's; whoever may not see the ticket learns nothing.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('read receipts on join, on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });

  /** A fresh connection's join, as a reloaded page makes it. */
  async function freshJoin(who: Session, ticketId: string, afterSeq?: number): Promise<{ ok: true } & JoinAnswer> {
    const socket = await f.online(who.token);
    const answer = await ack(socket, 'ticket:join', afterSeq === undefined ? { ticketId } : { ticketId, afterSeq });
    expect(answer).toMatchObject({ ok: true });
    socket.close();
    return answer;
  }

  it('tells each side how far the other has read, after reloads and reconnects; strangers get NOT_FOUND and nothing else', async () => {
    const { api, admin } = f;
    const carla = await api.registerCustomer({ firstName: 'Carla' });
    const alex = (await api.createAgent(admin.token, { firstName: 'Alex' })) as unknown as Session;
    const ticket = await api.raiseTicket(carla.token);
    const send = (who: Session, body: string) =>
      api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, who.token).expect(201);

    // Waiting for an agent: nobody on the other side has read anything.
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(0);
    await send(carla, 'Is the X200 weather sealed?'); // 1
    await api.assign(admin.token, ticket.id, alex.user.id);
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(0);
    // The customer wrote seq 1, so she has read up to it.
    expect((await freshJoin(alex, ticket.id)).peerReadSeq).toBe(1);

    // Alex answers (2..6); an answer is a read of everything before it.
    for (const body of ['Hello Carla!', 'Let me check.', 'It is sealed', 'against splashes,', 'not for diving.']) await send(alex, body);
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(6);
    expect((await freshJoin(alex, ticket.id)).peerReadSeq).toBe(1);

    // Carla reads Alex's last message while his chat is open: he is told live...
    const alexLive = await f.online(alex.token);
    await ack(alexLive, 'ticket:join', { ticketId: ticket.id });
    const carlaSocket = await f.online(carla.token);
    await ack(carlaSocket, 'ticket:join', { ticketId: ticket.id });
    const live = next(alexLive, 'message:read', (e) => e.ticketId === ticket.id);
    expect(await ack(carlaSocket, 'message:read', { ticketId: ticket.id, seq: 6 })).toEqual({ ok: true });
    expect(await live).toEqual({ ticketId: ticket.id, userId: carla.user.id, seq: 6 });
    const [marker] = await f.t.app
      .get(DataSource)
      .query('SELECT last_read_seq FROM read_markers WHERE ticket_id = ? AND user_id = ?', [ticket.id, carla.user.id]);
    expect(Number(marker.last_read_seq)).toBe(6);
    // ...and after a reload, or a rejoin after a reconnect (afterSeq), the join says it.
    alexLive.close();
    expect((await freshJoin(alex, ticket.id)).peerReadSeq).toBe(6);
    const rejoin = await freshJoin(alex, ticket.id, 6);
    expect(rejoin.messages).toEqual([]);
    expect(rejoin.peerReadSeq).toBe(6);
    // Carla's own read is not reported back to her as the other side's.
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(6);

    // And the other way round: Carla writes 7, Alex reads it; her reloaded chat knows.
    await send(carla, 'Thanks, and the battery?'); // 7
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(6);
    const alexSocket = await f.online(alex.token);
    expect(await ack(alexSocket, 'message:read', { ticketId: ticket.id, seq: 7 })).toEqual({ ok: true });
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(7);
    expect((await freshJoin(alex, ticket.id)).peerReadSeq).toBe(7);

    // An admin observes: the join works and names nobody's read position.
    const observed = await freshJoin(admin, ticket.id);
    expect(observed.ticket.id).toBe(ticket.id);
    expect(observed.peerReadSeq).toBeNull();

    // A stranger, another agent and a bad id learn nothing, not even that the ticket exists.
    const stranger = await api.registerCustomer();
    const otherAgent = (await api.createAgent(admin.token)) as unknown as Session;
    for (const who of [stranger, otherAgent]) {
      const s = await f.online(who.token);
      const answer = await ack(s, 'ticket:join', { ticketId: ticket.id });
      expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
      expect(await ack(s, 'message:read', { ticketId: ticket.id, seq: 7 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      s.close();
    }
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(7);

    // Reassigned: the customer is told how far her NEW agent has read (nothing yet), the old one is a stranger now.
    await api.assign(admin.token, ticket.id, otherAgent.user.id);
    expect((await freshJoin(carla, ticket.id)).peerReadSeq).toBe(0);
    expect((await freshJoin(otherAgent, ticket.id)).peerReadSeq).toBe(7);
    const old = await f.online(alex.token);
    expect(await ack(old, 'ticket:join', { ticketId: ticket.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
