import jwt from 'jsonwebtoken';
import { ErrorCode } from '@ccr/shared';
import { mysqlConnection, startApp, useTestApp, type AppFixture, type TestApp } from '../helpers/app';
import { Api, newClientId, type Session } from '../helpers/api';
import { ack, connect, sleep } from '../helpers/socket';
import { resetCode } from '../helpers/smtp';

/** The attack surface, case by case; SECURITY.md lists these test names. */
describe('security', () => {
  const f = useTestApp({ smtp: true });
  let t: TestApp;
  let api: Api;
  let smtp: AppFixture['smtp'];
  let admin: Session;
  beforeAll(() => ({ t, api, smtp, admin } = f));

  const socketClosed = (s: { once(e: 'disconnect', f: () => void): unknown }) => new Promise<void>((r) => s.once('disconnect', () => r()));

  describe('password policy', () => {
    it('refuses common passwords, over 64 characters, and over 72 bytes with a clear message', async () => {
      const base = { firstName: 'P', lastName: 'Q', email: `pp-${Date.now()}@example.test` };
      for (const password of ['password123', 'iloveyou1', 'qwertyuiop']) {
        const res = await api.post('/auth/register', { ...base, password, confirmPassword: password }).expect(400);
        expect(res.body.message).toMatch(/common/);
      }
      const long = 'a-long-passphrase-'.repeat(4).slice(0, 65);
      expect((await api.post('/auth/register', { ...base, password: long, confirmPassword: long }).expect(400)).body.message).toMatch(
        /8 to 64/,
      );
      const bytes = 'ü'.repeat(37); // 37 characters, 74 bytes
      expect((await api.post('/auth/register', { ...base, password: bytes, confirmPassword: bytes }).expect(400)).body.message).toMatch(
        /72 bytes/,
      );
      const ok = 'correct horse battery staple 64 characters long is fine here!!!'.slice(0, 64);
      await api.post('/auth/register', { ...base, password: ok, confirmPassword: ok }).expect(201);
    });

    it('stores only bcrypt hashes at the configured cost', async () => {
      const customer = await api.registerCustomer();
      const conn = await mysqlConnection(t.database);
      const [rows] = await conn.query('SELECT password_hash FROM users WHERE id = ?', [customer.user.id]);
      await conn.end();
      const hash = (rows as { password_hash: string }[])[0].password_hash;
      expect(hash).toMatch(/^\$2[aby]\$04\$/); // BCRYPT_COST=4 in tests; 12 by default
      expect(hash).not.toContain(customer.password);
    });
  });

  describe('password reset by emailed code', () => {
    it('answers 202 {} alike, in about the same time, for known and unknown emails', async () => {
      const customer = await api.registerCustomer();
      const time = async (email: string) => {
        const start = process.hrtime.bigint();
        const res = await api.post('/auth/forgot-password', { email }).expect(202);
        expect(res.body).toEqual({});
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const known = [];
      const unknown = [];
      for (let i = 0; i < 3; i++) {
        known.push(await time(customer.email));
        unknown.push(await time(`nobody-${i}@example.test`));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
      expect(Math.abs(median(known) - median(unknown))).toBeLessThan(50);
      await smtp.waitFor((m) => m.to.includes(customer.email) && resetCode(m) !== null);
      expect(smtp.mails.some((m) => m.to.some((to) => to.startsWith('nobody-')))).toBe(false);
    });

    it('resets with the code, revokes every session and socket, mails a notice, and does not sign in', async () => {
      const customer = await api.registerCustomer();
      const socket = await connect(t.url, customer.token);
      const closed = socketClosed(socket);
      await api.post('/auth/forgot-password', { email: customer.email }).expect(202);
      const code = resetCode(await smtp.waitFor((m) => m.to.includes(customer.email) && /code/.test(m.subject)))!;
      const started = Date.now();
      const res = await api
        .post('/auth/reset-password', { email: customer.email, code, newPassword: 'a brand new passphrase' })
        .expect(200);
      expect(res.body).toEqual({});
      await closed;
      expect(Date.now() - started).toBeLessThan(1000);
      await api.get('/auth/me', customer.token).expect(401);
      await smtp.waitFor((m) => m.to.includes(customer.email) && /password was changed/i.test(m.subject));
      await api.post('/auth/login', { email: customer.email, password: customer.password }).expect(401);
      await api.login(customer.email, 'a brand new passphrase');
      // Single use.
      await api.post('/auth/reset-password', { email: customer.email, code, newPassword: 'yet another passphrase' }).expect(400);
    });

    it('kills a code after 5 wrong tries (OTP brute force)', async () => {
      const customer = await api.registerCustomer();
      await api.post('/auth/forgot-password', { email: customer.email }).expect(202);
      const code = resetCode(await smtp.waitFor((m) => m.to.includes(customer.email)))!;
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const res = await api
          .post('/auth/reset-password', { email: customer.email, code: wrong, newPassword: 'guessing passphrase' })
          .expect(400);
        expect(res.body.error).toBe(ErrorCode.VALIDATION);
      }
      await api.post('/auth/reset-password', { email: customer.email, code, newPassword: 'guessing passphrase' }).expect(400);
      await api.login(customer.email, customer.password);
    });

    it("refuses one user's code for another user (cross-user use)", async () => {
      const alice = await api.registerCustomer();
      const bob = await api.registerCustomer();
      await api.post('/auth/forgot-password', { email: alice.email }).expect(202);
      const code = resetCode(await smtp.waitFor((m) => m.to.includes(alice.email)))!;
      await api.post('/auth/forgot-password', { email: bob.email }).expect(202);
      await smtp.waitFor((m) => m.to.includes(bob.email));
      await api.post('/auth/reset-password', { email: bob.email, code, newPassword: 'taking over bob now' }).expect(400);
      await api.login(bob.email, bob.password);
    });

    it('sends at most 3 codes per email per 15 minutes', async () => {
      const customer = await api.registerCustomer();
      for (let i = 0; i < 5; i++) await api.post('/auth/forgot-password', { email: customer.email }).expect(202);
      await sleep(800);
      expect(smtp.mails.filter((m) => m.to.includes(customer.email) && resetCode(m)).length).toBe(3);
    });
  });

  describe('sessions', () => {
    it('change-password revokes other sessions and returns a fresh token', async () => {
      const customer = await api.registerCustomer();
      const other = await api.login(customer.email, customer.password);
      await api
        .post('/auth/change-password', { currentPassword: 'wrong-password', newPassword: 'changed passphrase' }, customer.token)
        .expect(400);
      // The same password again is no change: refused, and the sessions live on.
      const same = await api
        .post('/auth/change-password', { currentPassword: customer.password, newPassword: customer.password }, customer.token)
        .expect(400);
      expect(same.body).toMatchObject({ error: 'VALIDATION', message: expect.stringMatching(/^newPassword: .*different/) });
      await api.get('/auth/me', other.token).expect(200);
      const res = await api
        .post('/auth/change-password', { currentPassword: customer.password, newPassword: 'changed passphrase' }, customer.token)
        .expect(200);
      await api.get('/auth/me', other.token).expect(401);
      await api.get('/auth/me', customer.token).expect(401);
      await api.get('/auth/me', res.body.accessToken).expect(200);
    });

    it('logout-all revokes every token and closes open sockets within a second', async () => {
      const customer = await api.registerCustomer();
      const socket = await connect(t.url, customer.token);
      const closed = socketClosed(socket);
      const started = Date.now();
      await api.post('/auth/logout-all', undefined, customer.token).expect(200);
      await closed;
      expect(Date.now() - started).toBeLessThan(1000);
      await api.get('/auth/me', customer.token).expect(401);
      await expect(connect(t.url, customer.token)).rejects.toMatchObject({ message: 'UNAUTHORIZED' });
    });

    it('deactivating an agent revokes its sessions and returns its open tickets to the queue', async () => {
      const agent = await api.createAgent(admin.token);
      const customer = await api.registerCustomer();
      const ticket = await api.raiseTicket(customer.token);
      await api.assign(admin.token, ticket.id, agent.user.id);
      const socket = await connect(t.url, agent.token);
      const closed = socketClosed(socket);
      const res = await api.patch(`/agents/${agent.user.id}`, { active: false }, admin.token).expect(200);
      expect(res.body).toMatchObject({ active: false, openTickets: 0 });
      await closed;
      await api.get('/auth/me', agent.token).expect(401);
      await api.post('/auth/login', { email: agent.email, password: agent.password }).expect(401);
      const back = await api.get(`/tickets/${ticket.id}`, admin.token).expect(200);
      expect(back.body).toMatchObject({ status: 'OPEN', agent: null });
    });

    it.each([
      ['alg:none', (secret: string, sub: string) => jwt.sign({ sub, role: 'ADMIN', tv: 0 }, '', { algorithm: 'none' })],
      [
        'a tampered payload',
        (secret: string, sub: string) => {
          const [h, , s] = jwt.sign({ sub, role: 'CUSTOMER', tv: 0 }, secret, { algorithm: 'HS256' }).split('.');
          const body = Buffer.from(JSON.stringify({ sub, role: 'ADMIN', tv: 0 })).toString('base64url');
          return `${h}.${body}.${s}`;
        },
      ],
      [
        'the wrong secret',
        (_secret: string, sub: string) => jwt.sign({ sub, role: 'ADMIN', tv: 0 }, 'x'.repeat(40), { algorithm: 'HS256' }),
      ],
      [
        'an expired token',
        (secret: string, sub: string) =>
          jwt.sign({ sub, role: 'CUSTOMER', tv: 0, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' }),
      ],
      [
        'another algorithm (HS512)',
        (secret: string, sub: string) => jwt.sign({ sub, role: 'CUSTOMER', tv: 0 }, secret, { algorithm: 'HS512' }),
      ],
    ])('refuses a forged token: %s, over REST and at the socket handshake', async (_name, forge) => {
      const customer = await api.registerCustomer();
      const token = forge(t.config.jwtSecret, customer.user.id);
      const res = await api.get('/auth/me', token).expect(401);
      expect(res.body.error).toBe(ErrorCode.UNAUTHORIZED);
      await api.get('/agents', token).expect(401);
      await expect(connect(t.url, token)).rejects.toMatchObject({ message: 'UNAUTHORIZED' });
    });
  });

  describe('injection and mass assignment', () => {
    it('keeps HTML in messages as text, byte for byte', async () => {
      const customer = await api.registerCustomer();
      const ticket = await api.raiseTicket(customer.token, { subject: '<img src=x onerror=alert(1)>' });
      const body = '<script>alert("x")</script><b>bold</b> & "quotes"';
      const res = await api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body }, customer.token).expect(201);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.body).toBe(body);
      expect((await api.get(`/tickets/${ticket.id}`, customer.token)).body.subject).toBe('<img src=x onerror=alert(1)>');
    });

    it('stores SQL in chat messages as text: the batch writer (several statements per packet) runs none of it', async () => {
      const customer = await api.registerCustomer();
      const ticket = await api.raiseTicket(customer.token);
      const agent = await api.createAgent(admin.token);
      await api.assign(admin.token, ticket.id, agent.user.id);
      const before = (await api.get('/tickets?limit=100', admin.token).expect(200)).body.items.length;
      const socket = await connect(t.url, customer.token);
      try {
        const bodies = [
          "x'); DELETE FROM tickets; --",
          "\\'); DROP TABLE messages; -- \\",
          "\"; UPDATE users SET role = 'ADMIN'; COMMIT; --",
          '?, ?); SELECT SLEEP(5); -- ?',
        ];
        // Sent together, so they share one batch and one multi-statement packet.
        const answers = await Promise.all(
          bodies.map((body) => ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body })),
        );
        expect(answers.map((a) => a.ok)).toEqual(bodies.map(() => true));
        const history = await api.get(`/tickets/${ticket.id}/messages`, customer.token).expect(200);
        expect(history.body.items.map((m: { body: string }) => m.body).sort()).toEqual([...bodies].sort());
        // What each sender was answered is what was stored, to the millisecond of its timestamp.
        const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
        expect([...history.body.items].sort(bySeq)).toEqual(answers.map((a) => a.message).sort(bySeq));
        expect((await api.get('/tickets?limit=100', admin.token).expect(200)).body.items.length).toBe(before);
        expect((await api.get('/auth/me', customer.token).expect(200)).body.role).toBe('CUSTOMER');
      } finally {
        socket.close();
      }
    });

    it('refuses fields a caller may not set (role, status, ids)', async () => {
      const customer = await api.registerCustomer();
      expect(
        (await api.post('/tickets', { subject: 's', category: 'Electronics', description: 'd', status: 'CLOSED' }, customer.token)).status,
      ).toBe(400);
      expect(
        (await api.post('/tickets', { subject: 's', category: 'Electronics', description: 'd', customerId: admin.user.id }, customer.token))
          .status,
      ).toBe(400);
      const agent = await api.createAgent(admin.token);
      expect((await api.patch(`/agents/${agent.user.id}`, { role: 'ADMIN' }, admin.token)).status).toBe(400);
      expect((await api.get('/auth/me', agent.token)).body.role).toBe('AGENT');
    });
  });

  describe('transport', () => {
    it('refuses a socket from a foreign Origin and accepts the app’s own', async () => {
      const customer = await api.registerCustomer();
      const { io } = await import('socket.io-client');
      const attempt = (origin: string) =>
        new Promise<string>((resolve) => {
          const s = io(t.url, {
            auth: { token: customer.token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            extraHeaders: { Origin: origin },
          });
          s.once('connect', () => {
            s.close();
            resolve('connected');
          });
          s.once('connect_error', () => {
            s.close();
            resolve('refused');
          });
        });
      expect(await attempt('http://evil.example')).toBe('refused');
      expect(await attempt(t.url)).toBe('connected');
    });

    it('sends security headers and keeps CORS closed', async () => {
      const res = await api.http().get('/login');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      const cors = await api.http().get('/api/categories').set('Origin', 'http://evil.example');
      expect(cors.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('closes a socket that sends an oversized payload, storing nothing', async () => {
      const customer = await api.registerCustomer();
      const ticket = await api.raiseTicket(customer.token);
      const socket = await connect(t.url, customer.token);
      const closed = socketClosed(socket);
      socket.emit('message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'x'.repeat(100_000) }, () => undefined);
      await closed;
      expect((await api.get(`/tickets/${ticket.id}/messages`, customer.token)).body.items).toEqual([]);
    });
  });
});

describe('rate limits at RATE_LIMIT_SCALE=1', () => {
  let t: TestApp;
  let api: Api;
  beforeAll(async () => {
    t = await startApp({ env: { RATE_LIMIT_SCALE: '1' } });
    api = new Api(t.url);
  });
  afterAll(() => t?.close());

  it('limits login to 10 per 5 minutes per IP and email with 429 RATE_LIMITED and Retry-After', async () => {
    const customer = await api.registerCustomer();
    for (let i = 0; i < 10; i++) await api.post('/auth/login', { email: customer.email, password: 'wrong-password' }).expect(401);
    const res = await api.post('/auth/login', { email: customer.email, password: customer.password }).expect(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: ErrorCode.RATE_LIMITED,
      message: expect.any(String),
      requestId: expect.any(String),
    });
    const retry = Number(res.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(300); // the window ends: never locked out for good
    // Another account from the same address is not punished for it.
    const other = await api.registerCustomer();
    await api.login(other.email, other.password);
  });

  it('limits message:send to 20 per second per user with a RATE_LIMITED ack, then lets them through', async () => {
    const admin = await api.login(t.admin.email, t.admin.password);
    const customer = await api.registerCustomer();
    const ticket = await api.raiseTicket(customer.token);
    const agent = await api.createAgent(admin.token);
    await api.assign(admin.token, ticket.id, agent.user.id);
    const socket = await connect(t.url, customer.token);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: `m${i}` })),
    );
    const limited = answers.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited.every((a) => a.error.code === ErrorCode.RATE_LIMITED)).toBe(true);
    await sleep(1100);
    expect((await ack(socket, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'later' })).ok).toBe(true);
    socket.close();
  });
});
