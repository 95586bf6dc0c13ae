import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TicketStatus, type MessageDto, type TicketDto } from '@ccr/shared';
import { loadConfig } from '../../server/src/config/config';
import { createApp } from '../../server/src/app.factory';
import { createTestDatabase, startApp } from '../helpers/app';
import { Api } from '../helpers/api';
import { ack, connect } from '../helpers/socket';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');

/** A data directory for one command, removed after the file (a test run leaves nothing in the temp folder). */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const DIST = join(ROOT, 'server', 'dist');
const MIGRATIONS = join(ROOT, 'server', 'src', 'database', 'migrations');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built command-line script as an operator would (`npm run …` runs exactly these files after building). */
function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const file = join(DIST, script);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm test does)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { PATH: process.env.PATH ?? '', BCRYPT_COST: '4', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The app on the embedded SQLite file of DATA_DIR, as `npm start` runs it without DATABASE_URL. */
async function startSqliteApp(dataDir: string): Promise<{ app: NestExpressApplication; api: Api }> {
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, BCRYPT_COST: '4', RATE_LIMIT_SCALE: '1000' }), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  return { app, api: new Api(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`) };
}

describe('database commands (npm run db:migrate, db:migration:generate, db:pending, db:revert)', () => {
  it('migrate a fresh MySQL database, find nothing to generate, revert and migrate again', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir('ccr-cli-') };
    const before = readdirSync(MIGRATIONS);
    try {
      const migrated = await run('database/cli.js', ['migrate'], env);
      expect(migrated).toMatchObject({ code: 0 });
      expect(migrated.stdout).toMatch(/^Ran .*Initial/);
      expect((await run('database/cli.js', ['migrate'], env)).stdout).toMatch(/Nothing to migrate/);

      // The entities and the migrations agree: the schema the migrations built is exactly the entities'.
      const pending = await run('database/cli.js', ['pending'], env);
      expect(pending).toEqual({ code: 0, stdout: '', stderr: '' });
      const generated = await run('database/cli.js', ['generate', 'Probe'], env);
      expect(generated).toMatchObject({ code: 0, stdout: expect.stringMatching(/no migration needed/) });
      expect(readdirSync(MIGRATIONS)).toEqual(before);

      // Revert undoes exactly the newest migration, which the next migrate runs again.
      const [stamp, name] = before
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .at(-1)!
        .replace(/\.ts$/, '')
        .split('-');
      expect(await run('database/cli.js', ['revert'], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/Reverted/) });
      expect(await run('database/cli.js', ['migrate'], env)).toEqual({ code: 0, stdout: `Ran ${name}${stamp}\n`, stderr: '' });
      expect((await run('database/cli.js', ['pending'], env)).stdout).toBe('');
    } finally {
      await db.drop();
    }
  });

  it('refuse to run without DATABASE_URL, saying what to set', async () => {
    const res = await run('database/cli.js', ['migrate'], { DATA_DIR: tempDir('ccr-cli-') });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/DATABASE_URL/);
  });
});

describe('npm run admin:create', () => {
  const password = 'operations passphrase 1';

  it('creates the first admin on a fresh MySQL database, who can sign in and act as admin', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir('ccr-admin-') };
    const created = await run('users/admin-create.js', ['--email', 'Olga.Ops@Example.test', '--first-name', 'Olga', '--last-name', 'Ops'], {
      ...env,
      ADMIN_PASSWORD: password,
    });
    expect(created.stderr).toBe('');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/Created the admin account olga\.ops@example\.test/) });
    expect(created.stdout).not.toContain(password);

    const again = await run('users/admin-create.js', ['--email', 'olga.ops@example.test'], {
      ...env,
      ADMIN_PASSWORD: 'another passphrase 2',
    });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('An account with the email olga.ops@example.test already exists');

    const t = await startApp({ database: { name: db.name, url: db.url } });
    try {
      const api = new Api(t.url);
      const olga = await api.login('olga.ops@example.test', password);
      expect(olga.user).toMatchObject({ role: 'ADMIN', firstName: 'Olga', lastName: 'Ops', email: 'olga.ops@example.test' });
      await api.get('/agents', olga.token).expect(200);
      await api.post('/auth/login', { email: 'olga.ops@example.test', password: 'another passphrase 2' }).expect(401);
    } finally {
      await t.close();
      await db.drop();
    }
  });

  it('refuses weak passwords, bad arguments and a missing password with a clear message and exit code 1', async () => {
    const env = { DATA_DIR: tempDir('ccr-admin-') };
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--email', 'a@example.test'], { ADMIN_PASSWORD: 'password' }, /^ADMIN_PASSWORD: The password is one of the most common passwords/],
      [['--email', 'a@example.test'], { ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD: The password must be 8 to 64 characters/],
      [['--email', 'a@example.test'], {}, /^Set ADMIN_PASSWORD, or run this command on a terminal/],
      [[], { ADMIN_PASSWORD: password }, /^--email is required\nUsage: npm run admin:create/],
      [['--email', 'not-an-email'], { ADMIN_PASSWORD: password }, /^--email must be a valid email address/],
      [['--email', 'a@example.test', '--role', 'x'], { ADMIN_PASSWORD: password }, /Unknown option '--role'/],
    ];
    for (const [args, extra, message] of cases) {
      const res = await run('users/admin-create.js', args, { ...env, ...extra });
      expect([args, extra, res.code, res.stderr.trim()]).toEqual([args, extra, 1, expect.stringMatching(message)]);
      expect(res.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    // Nothing was written: a later, correct run creates the account.
    expect(await run('users/admin-create.js', ['--email', 'a@example.test'], { ...env, ADMIN_PASSWORD: password })).toMatchObject({
      code: 0,
    });
  });

  it('works on the embedded SQLite database too', async () => {
    const dataDir = tempDir('ccr-admin-sqlite-');
    try {
      expect(
        await run('users/admin-create.js', ['--email', 'root@example.test'], { DATA_DIR: dataDir, ADMIN_PASSWORD: password }),
      ).toMatchObject({
        code: 0,
      });
      const { app, api } = await startSqliteApp(dataDir);
      try {
        const root = await api.login('root@example.test', password);
        expect(root.user.role).toBe('ADMIN');
        // With an admin in place, the first start does not invent admin@localhost.
        await api.post('/auth/login', { email: 'admin@localhost', password: 'anything at all' }).expect(401);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm run seed:demo', () => {
  const DEMO_PASSWORD = 'demo passphrase 42';

  async function expectLivingRegistry(api: Api, adminToken: string) {
    const count: Record<string, TicketDto[]> = {};
    for (const status of [TicketStatus.OPEN, TicketStatus.ASSIGNED, TicketStatus.CLOSED]) {
      count[status] = (await api.get(`/tickets?status=${status}&limit=100`, adminToken).expect(200)).body.items;
      expect([status, count[status].length >= 3]).toEqual([status, true]);
    }
    expect(count.OPEN.every((t) => t.agent === null && typeof t.queuePosition === 'number')).toBe(true);
    expect(count.ASSIGNED.every((t) => t.agent && t.firstResponseAt && t.lastSeq > 0)).toBe(true);
    expect(count.CLOSED.every((t) => t.closedAt && t.agent)).toBe(true);
    expect(count.CLOSED.filter((t) => t.rating).length).toBeGreaterThanOrEqual(3);

    // A real conversation: gap-free seq, both sides speaking, in time order.
    const chat = count.ASSIGNED[0];
    const messages: MessageDto[] = (await api.get(`/tickets/${chat.id}/messages`, adminToken).expect(200)).body.items;
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(new Set(messages.map((m) => m.sender.role))).toEqual(new Set(['CUSTOMER', 'AGENT']));
    expect([...messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt))).toEqual(messages);
    // A socket rejoining the chat gets the same ticket and the messages it missed, on either database.
    const socket = await connect(api.url, adminToken);
    try {
      for (const afterSeq of [0, messages.length - 2]) {
        const joined = await ack(socket, 'ticket:join', { ticketId: chat.id, afterSeq });
        expect(joined.ok).toBe(true);
        expect(joined.ticket).toEqual((await api.get(`/tickets/${chat.id}`, adminToken).expect(200)).body);
        expect(joined.messages).toEqual(messages.slice(afterSeq));
      }
      const queued = count.OPEN[count.OPEN.length - 1];
      const open = await ack(socket, 'ticket:join', { ticketId: queued.id });
      expect(open.ticket.queuePosition).toBe(queued.queuePosition);
      expect(open.messages).toEqual((await api.get(`/tickets/${queued.id}/messages`, adminToken).expect(200)).body.items);
    } finally {
      socket.close();
    }
    const events = (await api.get(`/tickets/${count.CLOSED[0].id}/events`, adminToken).expect(200)).body;
    expect(events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['CREATED', 'ASSIGNED', 'CLOSED']));

    // The demo accounts sign in with the demo password and see their own part of it.
    const ada = await api.login('ada@demo.local', DEMO_PASSWORD);
    expect(ada.user.role).toBe('AGENT');
    const adaTickets: TicketDto[] = (await api.get('/tickets?limit=100', ada.token).expect(200)).body.items;
    expect(adaTickets.length).toBeGreaterThan(0);
    expect(adaTickets.every((t) => t.agent?.id === ada.user.id)).toBe(true);
    // Saved replies ready to try: the team's, and Ada's own first.
    const replies = (await api.get('/saved-replies', ada.token).expect(200)).body.items as { shortcut: string; scope: string }[];
    expect(replies.filter((r) => r.scope === 'PERSONAL').map((r) => r.shortcut)).toEqual(['hdmi']);
    expect(replies.filter((r) => r.scope === 'TEAM').map((r) => r.shortcut)).toEqual(expect.arrayContaining(['hello', 'refund', 'bye']));
    const agents = (await api.get('/agents', adminToken).expect(200)).body.items as { email: string; expertise: string[] }[];
    expect(agents.find((a) => a.email === 'ada@demo.local')?.expertise).toEqual(['Electronics']);
    const tom = await api.login('tom@demo.local', DEMO_PASSWORD);
    const tomTickets: TicketDto[] = (await api.get('/tickets?limit=100', tom.token).expect(200)).body.items;
    expect(tomTickets.length).toBeGreaterThan(0);
    expect(tomTickets.every((t) => t.customer.id === tom.user.id)).toBe(true);
    const stats = (await api.get('/stats', adminToken).expect(200)).body;
    expect(stats.csatAverage).toBeGreaterThan(3);
    expect((await api.get('/categories').expect(200)).body.items).toEqual(expect.arrayContaining(['Electronics', 'Toys & Games']));

    // The app carries on from the seeded data: the next ticket gets the next number.
    const highest = Math.max(
      ...Object.values(count)
        .flat()
        .map((t) => t.number),
    );
    const next = await api.raiseTicket(tom.token);
    expect(next.number).toBe(highest + 1);
  }

  it('fills a fresh MySQL database with tickets in every state, conversations and ratings, and refuses a second run', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDir('ccr-seed-'), DEMO_PASSWORD };
    const seeded = await run('database/seed-demo.js', [], env);
    expect(seeded.stderr).toBe('');
    expect(seeded).toMatchObject({ code: 0, stdout: expect.stringMatching(/Seeded the demo registry/) });
    expect(seeded.stdout).toMatch(/tickets\s+\d+ \(\d+ open, \d+ assigned, \d+ closed\)/);

    const second = await run('database/seed-demo.js', [], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^The demo is already seeded \(\d+ @demo\.local accounts exist\)/);

    const t = await startApp({ database: { name: db.name, url: db.url } });
    try {
      const api = new Api(t.url);
      const admin = await api.login(t.admin.email, t.admin.password);
      await expectLivingRegistry(api, admin.token);
    } finally {
      await t.close();
      await db.drop();
    }
  });

  it('fills the embedded SQLite database as well, once', async () => {
    const dataDir = tempDir('ccr-seed-sqlite-');
    try {
      const env = { DATA_DIR: dataDir, DEMO_PASSWORD };
      expect(await run('database/seed-demo.js', [], env)).toMatchObject({ code: 0 });
      expect(await run('database/seed-demo.js', [], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/already seeded/) });
      expect(
        await run('users/admin-create.js', ['--email', 'boss@example.test'], { DATA_DIR: dataDir, ADMIN_PASSWORD: 'boss passphrase 7' }),
      ).toMatchObject({
        code: 0,
      });
      const { app, api } = await startSqliteApp(dataDir);
      try {
        const boss = await api.login('boss@example.test', 'boss passphrase 7');
        await expectLivingRegistry(api, boss.token);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses production unless told that it is a demo deployment, and a weak DEMO_PASSWORD', async () => {
    const base = { DATA_DIR: tempDir('ccr-seed-') };
    const production = await run('database/seed-demo.js', [], {
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://nobody:nothing@127.0.0.1:1/none',
      JWT_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    expect(production).toMatchObject({ code: 1, stderr: expect.stringMatching(/--allow-production/) });
    const weak = await run('database/seed-demo.js', [], { ...base, DEMO_PASSWORD: 'password' });
    expect(weak).toMatchObject({ code: 1, stderr: expect.stringMatching(/^DEMO_PASSWORD: The password is one of the most common/) });
    const unknown = await run('database/seed-demo.js', ['--force'], base);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Unknown argument --force/) });
  });
});
