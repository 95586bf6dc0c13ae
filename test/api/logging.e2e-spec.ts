import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../../server/src/config/config';
import { createApp } from '../../server/src/app.factory';
import { createTestDatabase } from '../helpers/app';
import { Api } from '../helpers/api';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  context?: string;
}

/** The app at its production log level, writing its JSON lines into memory. */
describe('logs', () => {
  let app: NestExpressApplication;
  let api: Api;
  let raw = '';
  let dataDir: string;
  let drop: () => Promise<void>;
  const lines = (): LogLine[] =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'ccr-logs-'));
    // No SMTP_URL: mails go to the development outbox, whose log line names each mail.
    const config = loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, BCRYPT_COST: '4', RATE_LIMIT_SCALE: '1000', LOG_LEVEL: 'info' });
    const sink = new Writable({
      write(chunk, _enc, done) {
        raw += String(chunk);
        done();
      },
    });
    app = await createApp(config, { logDestination: sink });
    await app.listen(0, '127.0.0.1');
    api = new Api(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const outboxCode = (email: string): string => {
    const dir = join(dataDir, 'outbox');
    for (let i = 0; i < 50; i++) {
      const file = readdirSync(dir, { withFileTypes: true }).find((f) => f.name.includes(email.replace(/[^a-z0-9@.-]/gi, '_')));
      const code = file && /\b(\d{6})\b/.exec(readFileSync(join(dir, file.name), 'utf8'))?.[1];
      if (code) return code;
    }
    throw new Error(`no reset mail for ${email} in ${dir}`);
  };
  const waitForOutbox = async (email: string) => {
    for (let i = 0; i < 100; i++) {
      try {
        return outboxCode(email);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return outboxCode(email);
  };

  it('never contain a password, reset code, token or cookie, while every request has its line and id', async () => {
    const secrets: string[] = [];
    const keep = (s: string) => (secrets.push(s), s);
    const email = `logged-${Date.now()}@example.test`;
    const first = keep('first secret passphrase');

    const registered = await api
      .post('/auth/register', { firstName: 'Lou', lastName: 'Logs', email, password: first, confirmPassword: first })
      .expect(201);
    keep(registered.body.accessToken);
    const login = await api.post('/auth/login', { email, password: first }).expect(200);
    const token = keep(login.body.accessToken);
    await api.post('/auth/login', { email, password: keep('a wrong guess of a passphrase') }).expect(401);
    await api
      .get('/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', `session=${keep('cookie-secret-value-1234')}`)
      .expect(200);
    // An unknown field named like a secret, and a secret in a query string.
    await api.post('/auth/login', { email, password: first, token: keep('body-token-secret-5678') }).expect(400);
    await api.get(`/tickets?token=${keep('query-token-secret-9012')}`, token).expect(400);

    await api.post('/auth/forgot-password', { email }).expect(202);
    const code = keep(await waitForOutbox(email));
    const second = keep('second secret passphrase');
    await api.post('/auth/reset-password', { email, code, newPassword: second }).expect(200);
    const again = await api.post('/auth/login', { email, password: second }).expect(200);
    keep(again.body.accessToken);
    const third = keep('third secret passphrase');
    const changed = await api
      .post('/auth/change-password', { currentPassword: second, newPassword: third }, again.body.accessToken)
      .expect(200);
    keep(changed.body.accessToken);

    await new Promise((r) => setTimeout(r, 100)); // the last request's line is written when its answer is finished
    const text = raw;
    // Digits of a code count only as a whole number (timestamps are longer runs of digits).
    const leaked = secrets.filter((s) => (/^\d{6}$/.test(s) ? new RegExp(`(?<!\\d)${s}(?!\\d)`).test(text) : text.includes(s)));
    expect(leaked).toEqual([]);
    // JWTs never appear in any form (header.payload.signature).
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

    const requests = lines().filter((l) => l.msg === 'request completed');
    const seen = requests.map((l) => `${l.req?.method} ${l.req?.url.replace(/\?.*/, '')} ${l.res?.statusCode}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'POST /api/auth/register 201',
        'POST /api/auth/login 200',
        'POST /api/auth/login 401',
        'GET /api/auth/me 200',
        'POST /api/auth/forgot-password 202',
        'POST /api/auth/reset-password 200',
        'POST /api/auth/change-password 200',
      ]),
    );
    expect(requests.every((l) => typeof l.requestId === 'string' && l.requestId.length > 0)).toBe(true);
    expect(requests.find((l) => l.req?.url.startsWith('/api/tickets?'))?.req?.url).toBe('/api/tickets?token=[redacted]');
    // The mail's log line is there, without the code.
    expect(lines().some((l) => l.context === 'Mail' && l.msg.includes(email) && /reset code/.test(l.msg))).toBe(true);
  });

  it('gives every answer an X-Request-Id (the caller’s, when it is a sane token) that error bodies and log lines repeat', async () => {
    const mine = await api.get('/tickets').set('X-Request-Id', 'trace-4711.abc').expect(401);
    expect(mine.headers['x-request-id']).toBe('trace-4711.abc');
    expect(mine.body).toMatchObject({ statusCode: 401, error: 'UNAUTHORIZED', requestId: 'trace-4711.abc' });

    const generated = await api.get('/categories').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // A header that could forge or flood log lines is replaced by a fresh id.
    for (const bad of ['a'.repeat(300), 'two words', '{"level":60}']) {
      const res = await api.get('/tickets/not-a-uuid').set('X-Request-Id', bad).expect(401);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }

    await new Promise((r) => setTimeout(r, 100));
    const line = lines().find((l) => l.requestId === 'trace-4711.abc' && l.msg === 'request completed');
    expect(line).toMatchObject({ req: { method: 'GET', url: '/api/tickets' }, res: { statusCode: 401 } });
    expect(lines().some((l) => l.requestId === generated.headers['x-request-id'])).toBe(true);
  });

  it('are JSON in production and pretty in development unless LOG_FORMAT says otherwise; LOG_LEVEL is checked', () => {
    const base = { DATA_DIR: dataDir, DATABASE_URL: 'mysql://u:p@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://127.0.0.1' };
    expect(loadConfig({ ...base, NODE_ENV: 'production' })).toMatchObject({ logFormat: 'json', logLevel: 'info' });
    expect(loadConfig({ ...base })).toMatchObject({ logFormat: 'pretty' });
    expect(loadConfig({ ...base, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' })).toMatchObject({ logFormat: 'json', logLevel: 'warn' });
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
