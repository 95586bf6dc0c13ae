import { ErrorCode, LIMITS, SavedReplyScope, type SavedReplyDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { collect, next, sleep } from '../helpers/socket';

jest.setTimeout(90_000);

type Listed = { items: SavedReplyDto[] };

/**
 * Saved replies: admins keep the team's, every agent uses them and keeps their own, which nobody
 * else sees. A shortcut is unique within the team's and within each agent's own; what is refused
 * changes nothing; `saved-replies:changed` tells exactly those whose lists changed.
 */
describe.each([
  ['MySQL', false],
  ['the embedded SQLite database', true],
])('saved replies, on %s', (_, sqlite) => {
  const f = useTestApp({ sqlite });
  const list = async (token: string) => ((await f.api.get('/saved-replies', token).expect(200)).body as Listed).items;
  /** An agent's own (the team's from earlier tests are listed too). */
  const own = async (token: string) => (await list(token)).filter((r) => r.scope === SavedReplyScope.PERSONAL);
  const shortcuts = async (token: string) => (await list(token)).map((r) => `${r.scope}:${r.shortcut}`);

  it('gives each agent the team’s replies and their own, and nobody another agent’s', async () => {
    const { api, admin } = f;
    const ada = await api.createAgent(admin.token, { firstName: 'Ada' });
    const bob = await api.createAgent(admin.token, { firstName: 'Bob' });
    const customer = await api.registerCustomer();

    const team = await api
      .post(
        '/saved-replies',
        { shortcut: 'Refund', title: 'How refunds work', body: 'Hi {{customer.firstName}}, refunds take 5 days.' },
        admin.token,
      )
      .expect(201);
    expect(team.body).toMatchObject({
      shortcut: 'refund',
      title: 'How refunds work',
      scope: SavedReplyScope.TEAM,
      body: 'Hi {{customer.firstName}}, refunds take 5 days.',
    });
    await api.post('/saved-replies', { shortcut: 'hello', body: '  Hello! I am {{ agent.firstName }}.  ' }, admin.token).expect(201);
    const own = await api.post('/saved-replies', { shortcut: 'thanks', body: 'Thanks for waiting.' }, ada.token).expect(201);
    expect(own.body).toMatchObject({ shortcut: 'thanks', title: '', scope: SavedReplyScope.PERSONAL });
    // The same shortcut as the team's, and as another agent's own: each agent's own space.
    await api.post('/saved-replies', { shortcut: 'refund', body: 'My own refund words.' }, ada.token).expect(201);
    await api.post('/saved-replies', { shortcut: 'thanks', body: 'Bob says thanks.' }, bob.token).expect(201);

    expect(await shortcuts(ada.token)).toEqual(['TEAM:hello', 'PERSONAL:refund', 'TEAM:refund', 'PERSONAL:thanks']);
    expect(await shortcuts(bob.token)).toEqual(['TEAM:hello', 'TEAM:refund', 'PERSONAL:thanks']);
    expect(await shortcuts(admin.token)).toEqual(['TEAM:hello', 'TEAM:refund']);
    expect((await list(bob.token)).find((r) => r.shortcut === 'thanks')!.body).toBe('Bob says thanks.');
    expect((await list(ada.token)).find((r) => r.shortcut === 'hello')!.body).toBe('Hello! I am {{ agent.firstName }}.');

    // Customers have none and may keep none.
    const refused = await api.get('/saved-replies', customer.token).expect(403);
    expect(refused.body.error).toBe(ErrorCode.FORBIDDEN);
    await api.post('/saved-replies', { shortcut: 'x', body: 'x' }, customer.token).expect(403);

    // Another agent's reply is not found, to change or to delete; it stays as it was.
    const adaThanks = own.body as SavedReplyDto;
    expect((await api.patch(`/saved-replies/${adaThanks.id}`, { body: 'hijacked' }, bob.token).expect(404)).body.error).toBe(
      ErrorCode.NOT_FOUND,
    );
    await api.delete(`/saved-replies/${adaThanks.id}`, bob.token).expect(404);
    await api.delete(`/saved-replies/${adaThanks.id}`, admin.token).expect(404);
    expect((await list(ada.token)).find((r) => r.id === adaThanks.id)!.body).toBe('Thanks for waiting.');

    // The team's replies are the admins' to change: an agent gets 403 and changes nothing.
    const teamReply = team.body as SavedReplyDto;
    expect((await api.patch(`/saved-replies/${teamReply.id}`, { body: 'agent edit' }, ada.token).expect(403)).body.error).toBe(
      ErrorCode.FORBIDDEN,
    );
    await api.delete(`/saved-replies/${teamReply.id}`, ada.token).expect(403);
    expect((await api.post('/saved-replies', { shortcut: 'mine', body: 'x', scope: 'TEAM' }, ada.token).expect(403)).body.error).toBe(
      ErrorCode.FORBIDDEN,
    );
    expect((await api.post('/saved-replies', { shortcut: 'mine', body: 'x', scope: 'PERSONAL' }, admin.token).expect(400)).body.error).toBe(
      ErrorCode.VALIDATION,
    );
    expect(await shortcuts(ada.token)).toEqual(['TEAM:hello', 'PERSONAL:refund', 'TEAM:refund', 'PERSONAL:thanks']);
    expect((await list(ada.token)).find((r) => r.id === teamReply.id)!.body).toBe(teamReply.body);
  });

  it('changes and deletes replies, and refuses a shortcut already taken with 409', async () => {
    const { api, admin } = f;
    const agent = await api.createAgent(admin.token);
    const a = (await api.post('/saved-replies', { shortcut: 'ship', title: 'Shipping', body: 'Ships in 2 days.' }, agent.token).expect(201))
      .body as SavedReplyDto;
    const b = (await api.post('/saved-replies', { shortcut: 'ship-eu', body: 'EU shipping takes 4 days.' }, agent.token).expect(201))
      .body as SavedReplyDto;

    const taken = await api.post('/saved-replies', { shortcut: 'SHIP', body: 'again' }, agent.token).expect(409);
    expect(taken.body).toMatchObject({ error: ErrorCode.CONFLICT, message: expect.stringContaining('/ship') });
    await api.patch(`/saved-replies/${b.id}`, { shortcut: 'ship' }, agent.token).expect(409);

    await sleep(5); // updatedAt moves on
    const changed = (
      await api
        .patch(`/saved-replies/${a.id}`, { title: 'Shipping times', body: 'Ships in {{ticket.category}} within 2 days.' }, agent.token)
        .expect(200)
    ).body as SavedReplyDto;
    expect(changed).toMatchObject({
      id: a.id,
      shortcut: 'ship',
      title: 'Shipping times',
      body: 'Ships in {{ticket.category}} within 2 days.',
      createdAt: a.createdAt,
    });
    expect(Date.parse(changed.updatedAt)).toBeGreaterThan(Date.parse(a.updatedAt));
    // A shortcut can move to one that is free, and its old one is free again.
    await api.patch(`/saved-replies/${b.id}`, { shortcut: 'eu' }, agent.token).expect(200);
    await api.post('/saved-replies', { shortcut: 'ship-eu', body: 'free again' }, agent.token).expect(201);

    await api.delete(`/saved-replies/${a.id}`, agent.token).expect(204);
    await api.delete(`/saved-replies/${a.id}`, agent.token).expect(404);
    await api.patch(`/saved-replies/${a.id}`, { title: 'gone' }, agent.token).expect(404);
    await api.delete('/saved-replies/not-a-uuid', agent.token).expect(400);
    expect((await own(agent.token)).map((r) => r.shortcut)).toEqual(['eu', 'ship-eu']);
  });

  it('refuses bad input with 400 VALIDATION and stores nothing', async () => {
    const { api, admin } = f;
    const agent = await api.createAgent(admin.token);
    const bad: [object, RegExp][] = [
      [{ shortcut: 're fund', body: 'x' }, /shortcut may hold only/],
      [{ shortcut: '/refund', body: 'x' }, /shortcut may hold only/],
      [{ shortcut: '-refund', body: 'x' }, /shortcut may hold only/],
      [{ shortcut: '', body: 'x' }, /shortcut must be 1 to 32/],
      [{ shortcut: 'x'.repeat(LIMITS.savedReplyShortcutMaxLength + 1), body: 'x' }, /shortcut must be 1 to 32/],
      [{ shortcut: 'ok', body: '   ' }, /body must/],
      [{ shortcut: 'ok', body: 'x'.repeat(LIMITS.savedReplyBodyMaxLength + 1) }, /body must be 1 to 4000/],
      [
        { shortcut: 'ok', body: 'Your order {{order.id}} and {{customer.email}}' },
        /Unknown placeholder \{\{order\.id\}\}, \{\{customer\.email\}\}; use \{\{customer\.firstName\}\}/,
      ],
      [{ shortcut: 'ok', title: 'two\nlines', body: 'x' }, /title must be a single line/],
      [{ shortcut: 'ok', title: 't'.repeat(LIMITS.savedReplyTitleMaxLength + 1), body: 'x' }, /title must be at most 80/],
      [{ shortcut: 'ok', body: 'bell\u0007' }, /body must not contain control characters/],
      [{ shortcut: 'ok', body: 'x', scope: 'EVERYONE' }, /scope must be one of TEAM, PERSONAL/],
      [{ shortcut: 'ok', body: 'x', owner: 'someone' }, /owner: should not exist/],
      [{ shortcut: 42, body: 'x' }, /shortcut must be text/],
    ];
    for (const [body, message] of bad) {
      const res = await api.post('/saved-replies', body, agent.token);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.error]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
        ErrorCode.VALIDATION,
      ]);
      expect(res.body.message).toMatch(message);
    }
    const kept = (await api.post('/saved-replies', { shortcut: 'kept', body: 'kept' }, agent.token).expect(201)).body as SavedReplyDto;
    await api.patch(`/saved-replies/${kept.id}`, { body: '{{nope}}' }, agent.token).expect(400);
    await api.patch(`/saved-replies/${kept.id}`, { shortcut: 'a b' }, agent.token).expect(400);
    expect(await own(agent.token)).toEqual([kept]);
  });

  it(`keeps at most ${LIMITS.savedRepliesMax} replies per agent`, async () => {
    const { api, admin } = f;
    const agent = await api.createAgent(admin.token);
    for (let i = 0; i < LIMITS.savedRepliesMax; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          api.post('/saved-replies', { shortcut: `r${i + j}`, body: `reply ${i + j}` }, agent.token).expect(201),
        ),
      );
    }
    const over = await api.post('/saved-replies', { shortcut: 'one-more', body: 'x' }, agent.token).expect(409);
    expect(over.body.message).toMatch(/At most 200 saved replies/);
    expect(await own(agent.token)).toHaveLength(LIMITS.savedRepliesMax);
    // Another agent is not held back by it.
    await api.post('/saved-replies', { shortcut: 'one-more', body: 'x' }, (await api.createAgent(admin.token)).token).expect(201);
  });

  it('tells every agent and admin when the team’s replies change, and only the owner’s tabs of their own', async () => {
    const { api, admin } = f;
    const ada = await api.createAgent(admin.token, { firstName: 'Ada' });
    const bob = await api.createAgent(admin.token, { firstName: 'Bob' });
    const customer = await api.registerCustomer();
    const [adaTab1, adaTab2, bobTab, adminTab, customerTab] = await Promise.all(
      [ada, ada, bob, admin, customer].map((s) => f.online(s.token)),
    );
    const heard = [adaTab1, adaTab2, bobTab, adminTab, customerTab].map((s) => collect(s, 'saved-replies:changed'));

    const toAll = [adaTab1, adaTab2, bobTab, adminTab].map((s) => next(s, 'saved-replies:changed'));
    const reply = (await api.post('/saved-replies', { shortcut: 'welcome', body: 'Welcome!' }, admin.token).expect(201))
      .body as SavedReplyDto;
    expect(await Promise.all(toAll)).toEqual(Array(4).fill({ scope: SavedReplyScope.TEAM }));

    const toAda = [adaTab1, adaTab2].map((s) => next(s, 'saved-replies:changed', (e) => e.scope === SavedReplyScope.PERSONAL));
    await api.post('/saved-replies', { shortcut: 'mine', body: 'Mine.' }, ada.token).expect(201);
    await Promise.all(toAda);

    const deleted = [bobTab, adminTab].map((s) => next(s, 'saved-replies:changed', () => true));
    await api.delete(`/saved-replies/${reply.id}`, admin.token).expect(204);
    await Promise.all(deleted);
    // A refused change tells nobody.
    await api.post('/saved-replies', { shortcut: 'mine', body: 'again' }, ada.token).expect(409);
    await sleep(300);

    expect(heard.map((h) => h.map((e) => e.scope))).toEqual([
      ['TEAM', 'PERSONAL', 'TEAM'],
      ['TEAM', 'PERSONAL', 'TEAM'],
      ['TEAM', 'TEAM'],
      ['TEAM', 'TEAM'],
      [],
    ]);
  });
});
