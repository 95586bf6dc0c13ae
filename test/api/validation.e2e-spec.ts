import { ErrorCode } from '@ccr/shared';
import { startApp, type TestApp } from '../helpers/app';
import { Api, newClientId, type Session } from '../helpers/api';
import { ack, connect } from '../helpers/socket';

/** Bad input gets a clear error and changes nothing; a client's mistake is never a 500. */
describe('bad input', () => {
  let t: TestApp;
  let api: Api;
  let admin: Session;
  let customer: Session;
  let ticketId: string;

  beforeAll(async () => {
    t = await startApp();
    api = new Api(t.url);
    admin = await api.login(t.admin.email, t.admin.password);
    customer = await api.registerCustomer();
    ticketId = (await api.raiseTicket(customer.token)).id;
  });
  afterAll(() => t?.close());

  const expectValidation = (res: { status: number; body: { error: string; statusCode: number; message: string } }) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: ErrorCode.VALIDATION, message: expect.any(String), requestId: expect.any(String) });
  };

  it.each([
    ['missing fields', {}],
    ['a short password', { firstName: 'A', lastName: 'B', email: 'short@example.test', password: 'short', confirmPassword: 'short' }],
    ['a mismatched confirmation', { firstName: 'A', lastName: 'B', email: 'mm@example.test', password: 'long-enough-1', confirmPassword: 'long-enough-2' }],
    ['a bad email', { firstName: 'A', lastName: 'B', email: 'not-an-email', password: 'long-enough-1', confirmPassword: 'long-enough-1' }],
    ['wrong types', { firstName: 1, lastName: [], email: {}, password: true, confirmPassword: null }],
    ['a role smuggled in (mass assignment)', { firstName: 'A', lastName: 'B', email: 'ma@example.test', password: 'long-enough-1', confirmPassword: 'long-enough-1', role: 'ADMIN' }],
    ['over 72 bytes', { firstName: 'A', lastName: 'B', email: 'bytes@example.test', password: 'é'.repeat(40), confirmPassword: 'é'.repeat(40) }],
  ])('register with %s is 400 VALIDATION and creates nothing', async (_name, body) => {
    expectValidation(await api.post('/auth/register', body));
    const email = (body as { email?: unknown }).email;
    if (typeof email === 'string' && email.includes('@')) {
      await api.post('/auth/login', { email, password: (body as { password: string }).password }).expect(401);
    }
  });

  it('a duplicate email is 409 CONFLICT', async () => {
    const res = await api.post('/auth/register', {
      firstName: 'C',
      lastName: 'D',
      email: customer.email.toUpperCase(),
      password: 'another-password',
      confirmPassword: 'another-password',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe(ErrorCode.CONFLICT);
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const wrong = await api.post('/auth/login', { email: customer.email, password: 'wrong-password' }).expect(401);
    const unknown = await api.post('/auth/login', { email: 'nobody@example.test', password: 'wrong-password' }).expect(401);
    // Word for word the same answer (each has its own request id).
    expect({ ...wrong.body, requestId: undefined }).toEqual({ ...unknown.body, requestId: undefined });
    expect(wrong.body.error).toBe(ErrorCode.UNAUTHORIZED);
  });

  it('malformed JSON, oversized bodies, bad ids and bad queries are 400', async () => {
    const raw = await api.http().post('/api/tickets').set('Authorization', `Bearer ${customer.token}`).set('Content-Type', 'application/json').send('{"subject":');
    expectValidation(raw);
    const huge = await api.post('/tickets', { subject: 'x', category: 'Electronics', description: 'y'.repeat(70_000) }, customer.token);
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe(ErrorCode.VALIDATION);
    expectValidation(await api.get('/tickets/not-a-uuid', customer.token));
    expectValidation(await api.get('/tickets?limit=1000', customer.token));
    expectValidation(await api.get('/tickets?status=NOPE', customer.token));
    expectValidation(await api.get('/tickets?cursor=abc', customer.token));
    expectValidation(await api.get(`/tickets/${ticketId}/messages?afterSeq=-1`, customer.token));
    expectValidation(await api.post('/tickets', { subject: 'x', category: 'Nope', description: 'y' }, customer.token));
    expectValidation(await api.post('/tickets', { subject: '   ', category: 'Electronics', description: 'y' }, customer.token));
    expectValidation(await api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: '   ' }, customer.token));
    expectValidation(await api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: 'x'.repeat(4001) }, customer.token));
    expectValidation(await api.post(`/tickets/${ticketId}/messages`, { clientId: 'has spaces', body: 'hi' }, customer.token));
    expectValidation(await api.post(`/tickets/${ticketId}/rating`, { score: 6 }, customer.token));
    expectValidation(await api.post('/agents', { firstName: 'A', lastName: 'B', email: 'a@b.test', password: 'long-enough-1', maxConcurrent: 0 }, admin.token));
    expectValidation(await api.post(`/tickets/${ticketId}/assign`, { agentId: 'nope' }, admin.token));
    const history = await api.get(`/tickets/${ticketId}/messages`, customer.token).expect(200);
    expect(history.body.items).toEqual([]);
  });

  it('roles are enforced: 401 without a token, 403 for the wrong role', async () => {
    expect((await api.get('/tickets')).status).toBe(401);
    expect((await api.get('/tickets', 'garbage')).body.error).toBe(ErrorCode.UNAUTHORIZED);
    expect((await api.get('/agents', customer.token)).status).toBe(403);
    expect((await api.post(`/tickets/${ticketId}/assign`, { agentId: customer.user.id }, customer.token)).status).toBe(403);
    const agent = await api.createAgent(admin.token);
    expect((await api.post('/tickets', { subject: 'x', category: 'Electronics', description: 'y' }, agent.token)).status).toBe(403);
  });

  it('unknown API routes are 404 NOT_FOUND in the error shape', async () => {
    const res = await api.get('/nope', customer.token).expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: ErrorCode.NOT_FOUND, message: expect.any(String), requestId: expect.any(String) });
  });

  it('assigning a missing agent is 404, a closed ticket 409', async () => {
    expect((await api.post(`/tickets/${ticketId}/assign`, { agentId: customer.user.id }, admin.token)).status).toBe(404);
    const other = await api.raiseTicket(customer.token);
    const agent = await api.createAgent(admin.token);
    await api.post(`/tickets/${other.id}/close`, undefined, customer.token).expect(200);
    const res = await api.post(`/tickets/${other.id}/assign`, { agentId: agent.user.id }, admin.token).expect(409);
    expect(res.body.error).toBe(ErrorCode.CONFLICT);
  });

  it('text that hides or spoofs what it says is 400 VALIDATION, says why, and stores nothing', async () => {
    const password = 'long-enough-1';
    const reversed = await api.post('/auth/register', { firstName: '\u202Eadmin', lastName: 'B', email: 'rlo@example.test', password, confirmPassword: password });
    expectValidation(reversed);
    expect(reversed.body.message).toContain('firstName must not contain text-direction control characters');
    await api.post('/auth/login', { email: 'rlo@example.test', password }).expect(401);
    const agentName = await api.post('/agents', { firstName: 'Ada\nAdmin', lastName: 'L', email: 'nl@example.test', password }, admin.token);
    expectValidation(agentName);
    expect(agentName.body.message).toContain('firstName must be a single line');

    const before = (await api.get('/tickets', customer.token).expect(200)).body.items.length;
    const controls = await api.post('/tickets', { subject: '\u0000\u0001', category: 'Electronics', description: 'y' }, customer.token);
    expectValidation(controls);
    expect(controls.body.message).toContain('subject must not contain control characters');
    const invisible = await api.post('/tickets', { subject: 'Hello', category: 'Electronics', description: '\u200b\u200b\u200b' }, customer.token);
    expectValidation(invisible);
    expect(invisible.body.message).toContain('description must contain visible text');
    expect((await api.get('/tickets', customer.token).expect(200)).body.items).toHaveLength(before);

    const nul = await api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body: 'hi\u0000' }, customer.token);
    expectValidation(nul);
    expect(nul.body.message).toContain('body must not contain control characters');
    const socket = await connect(t.url, customer.token);
    try {
      expect(await ack(socket, 'message:send', { ticketId, clientId: newClientId(), body: '\u200b\ufeff' })).toEqual({
        ok: false,
        error: { code: ErrorCode.VALIDATION, message: 'body must contain visible text' },
      });
    } finally {
      socket.close();
    }
    expect((await api.get(`/tickets/${ticketId}/messages`, customer.token).expect(200)).body.items).toEqual([]);
  });

  it('malformed socket payloads are acked with VALIDATION, never left hanging', async () => {
    const socket = await connect(t.url, customer.token);
    try {
      for (const [event, payload] of [
        ['ticket:join', { ticketId: 'nope' }],
        ['ticket:join', 'a string'],
        ['message:send', { ticketId, clientId: newClientId() }],
        ['message:send', { ticketId, clientId: newClientId(), body: 'x', extra: 1 }],
        ['message:send', { ticketId, clientId: newClientId(), body: 'x'.repeat(4001) }],
        ['typing', { ticketId, typing: 'yes' }],
        ['message:read', { ticketId, seq: -1 }],
      ] as const) {
        const answer = await ack(socket, event, payload);
        expect(answer).toEqual({ ok: false, error: { code: ErrorCode.VALIDATION, message: expect.any(String) } });
      }
    } finally {
      socket.close();
    }
  });
});
