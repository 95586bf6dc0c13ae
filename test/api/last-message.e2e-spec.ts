import { LIMITS, type MessageDto, type Page, type TicketDto } from '@ccr/shared';
import { SqlReads } from '../../server/src/database/sql-reads';
import { useTestApp } from '../helpers/app';
import { newClientId, type Session } from '../helpers/api';

jest.setTimeout(60_000);

/**
 * Conversation lists show each chat's latest message after a reload: GET /tickets answers customers and
 * agents with `lastMessage` (a cut preview, null before the first message), filled by the server in one
 * query per page; admins' lists do not carry it and do not pay for it.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('the last message in ticket lists, on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });

  it('every ticket of an agent’s and a customer’s list carries its latest message, cut to a preview; null without one; admins get none', async () => {
    const { api, admin } = f;
    const carla = await api.registerCustomer({ firstName: 'Carla' });
    const alex = (await api.createAgent(admin.token, { firstName: 'Alex', maxConcurrent: 10 })) as unknown as Session;
    const raise = async (subject: string) => {
      const t = await api.raiseTicket(carla.token, { subject });
      await api.assign(admin.token, t.id, alex.user.id);
      return t;
    };
    const send = async (ticket: TicketDto, who: Session, body: string) =>
      (await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, who.token).expect(201)).body as MessageDto;

    const chatty = await raise('Chatty one');
    await send(chatty, carla, 'Is the X200 weather sealed?');
    const long = 'Yes. '.repeat(100).trim(); // 499 characters
    const latest = await send(chatty, alex, long);
    const silent = await raise('Silent one');
    const emoji = await raise('Emoji one');
    await send(emoji, carla, '😀'.repeat(LIMITS.messagePreviewLength + 10));
    const short = await raise('Short one');
    const question = await send(short, carla, 'Thanks!');

    const list = async (who: Session, query = 'limit=100') =>
      ((await api.get(`/tickets?${query}`, who.token).expect(200)).body as Page<TicketDto>).items;
    const byId = (items: TicketDto[]) => new Map(items.map((t) => [t.id, t]));

    for (const who of [alex, carla]) {
      const items = byId(await list(who));
      expect(items.get(chatty.id)?.lastMessage).toEqual({
        seq: 2,
        sender: { id: alex.user.id, role: 'AGENT', firstName: 'Alex' },
        body: `${long.slice(0, LIMITS.messagePreviewLength - 1).trimEnd()}…`,
        createdAt: latest.createdAt,
      });
      expect(Array.from(items.get(chatty.id)!.lastMessage!.body).length).toBeLessThanOrEqual(LIMITS.messagePreviewLength);
      expect(items.get(silent.id)?.lastMessage).toBeNull();
      // Characters are counted as characters (by the database too): no emoji is cut in half.
      expect(items.get(emoji.id)?.lastMessage?.body).toBe(`${'😀'.repeat(LIMITS.messagePreviewLength - 1)}…`);
      expect(items.get(short.id)?.lastMessage).toEqual({
        seq: 1,
        sender: { id: carla.user.id, role: 'CUSTOMER', firstName: 'Carla' },
        body: 'Thanks!',
        createdAt: question.createdAt,
      });
    }

    // A newer message replaces the preview; each page of a paged list carries its own tickets' previews.
    await send(silent, alex, 'Now it has one');
    const pages: TicketDto[] = [];
    let cursor: string | null = null;
    do {
      const page = (await api.get(`/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`, alex.token).expect(200)).body as Page<TicketDto>;
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const start = (body = '') => Array.from(body).slice(0, 15).join('');
    expect(pages.map((t) => [t.subject, t.lastMessage?.seq, start(t.lastMessage?.body)])).toEqual([
      ['Short one', 1, 'Thanks!'],
      ['Emoji one', 1, '😀'.repeat(15)],
      ['Silent one', 1, 'Now it has one'],
      ['Chatty one', 2, 'Yes. Yes. Yes. '],
    ]);

    // Admins' lists, single tickets and the join do not carry the field.
    for (const t of await list(admin)) expect(t).not.toHaveProperty('lastMessage');
    expect((await api.get(`/tickets/${chatty.id}`, alex.token).expect(200)).body).not.toHaveProperty('lastMessage');
  });

  // Counted on MySQL only: SQLite reads one by one through TypeORM, uncounted (so there is no such test for it).
  if (!sqlite)
    it('on MySQL a page costs ONE more read however many tickets it holds, and an admin’s list none', async () => {
      const stats = f.t.app.get(SqlReads).stats!;
      const { api, admin } = f;
      const customer = await api.registerCustomer();
      const agent = (await api.createAgent(admin.token, { maxConcurrent: 10 })) as unknown as Session;
      for (let i = 0; i < 5; i++) {
        const t = await api.raiseTicket(customer.token, { subject: `Ticket ${i}` });
        await api.assign(admin.token, t.id, agent.user.id);
        await api.post(`/tickets/${t.id}/messages`, { clientId: newClientId(), body: `message ${i}` }, customer.token).expect(201);
      }
      const reads = async (who: Session) => {
        const before = stats.statements;
        const page = (await api.get('/tickets?status=ASSIGNED&limit=100', who.token).expect(200)).body as Page<TicketDto>;
        return { statements: stats.statements - before, items: page.items };
      };
      // The first request of a session also looks its account up (then cached): not what is counted here.
      await reads(agent);
      await reads(admin);
      const asAgent = await reads(agent);
      expect(asAgent.items).toHaveLength(5);
      expect(asAgent.items.every((t) => t.lastMessage?.seq === 1)).toBe(true);
      const asAdmin = await reads(admin);
      expect(asAdmin.items.length).toBeGreaterThanOrEqual(5);
      expect(asAdmin.statements).toBe(1);
      expect(asAgent.statements).toBe(asAdmin.statements + 1);
    });
});
