import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type AppConfig } from '../../server/src/config/config';
import { createApp } from '../../server/src/app.factory';
import { Api, type Session } from './api';
import { connect, type ChatClient } from './socket';
import { startSmtp } from './smtp';

/** Where the tests find MySQL: the local MariaDB unless TEST_MYSQL_URL says otherwise. */
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mariadb://root@127.0.0.1:3306';

export interface TestApp {
  url: string;
  port: number;
  app: NestExpressApplication;
  config: AppConfig;
  database: string;
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/** A direct connection to the test MySQL server, to one database if named (specs read what the app stored). */
export async function mysqlConnection(database?: string) {
  const url = new URL(MYSQL_URL.replace(/^mariadb:/, 'mysql:'));
  try {
    return await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      database,
    });
  } catch (e) {
    // Never a silent skip: these tests exist to run on MySQL.
    throw new Error(`MySQL is required for the end-to-end tests and is unreachable at ${MYSQL_URL}: ${(e as Error).message}`);
  }
}

/** A fresh, uniquely named database, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `ccr_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const conn = await mysqlConnection();
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return {
    name,
    url: `${MYSQL_URL.replace(/\/$/, '')}/${name}`,
    drop: async () => {
      const c = await mysqlConnection();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/**
 * Boots the real application in-process on MySQL (or, with `sqlite`, on the embedded database in its
 * data folder), on a free port, serving the built web app.
 */
export async function startApp(
  opts: { env?: Record<string, string>; database?: { name: string; url: string }; sqlite?: boolean } = {},
): Promise<TestApp> {
  const db = opts.sqlite
    ? { name: '', url: '', drop: async () => undefined }
    : opts.database
      ? { ...opts.database, drop: async () => undefined }
      : await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-test-'));
  // The admin the app creates at its first start; a spec may choose it (ADMIN_EMAIL, ADMIN_PASSWORD).
  const admin = {
    email: opts.env?.ADMIN_EMAIL ?? `admin-${randomBytes(3).toString('hex')}@example.test`,
    password: opts.env?.ADMIN_PASSWORD ?? `Admin-${randomBytes(8).toString('hex')}`,
  };
  const config = loadConfig({
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    DATA_DIR: dataDir,
    BCRYPT_COST: '4',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Specs share one client address and send in bursts; the rate-limit specs set their own scale.
    RATE_LIMIT_SCALE: '1000',
    ...opts.env,
  });
  const app = await createApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    config,
    database: db.name,
    admin,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What most specs share: one app for the file, the admin signed in, and sockets closed at the end. */
export interface AppFixture {
  t: TestApp;
  api: Api;
  admin: Session;
  /** Opens a socket for the token, closed after the file's tests. */
  online(token: string): Promise<ChatClient>;
  /** With `smtp: true`: the SMTP server the app sends its mail to. */
  smtp: Awaited<ReturnType<typeof startSmtp>>;
}

/** Registers beforeAll/afterAll for one app per spec file; the fields are filled once beforeAll has run. */
export function useTestApp(opts: Parameters<typeof startApp>[0] & { signInAdmin?: boolean; smtp?: boolean } = {}): AppFixture {
  const sockets: ChatClient[] = [];
  const fixture = {
    online: async (token: string) => {
      const socket = await connect(fixture.t.url, token);
      sockets.push(socket);
      return socket;
    },
  } as AppFixture;
  beforeAll(async () => {
    if (opts.smtp) fixture.smtp = await startSmtp();
    fixture.t = await startApp(opts.smtp ? { ...opts, env: { ...opts.env, SMTP_URL: fixture.smtp.url } } : opts);
    fixture.api = new Api(fixture.t.url);
    if (opts.signInAdmin !== false) fixture.admin = await fixture.api.login(fixture.t.admin.email, fixture.t.admin.password);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await fixture.t?.close();
    await fixture.smtp?.close();
  });
  return fixture;
}
