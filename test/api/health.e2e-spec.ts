import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@ccr/shared';
import { createTestDatabase, MYSQL_URL, startApp, type TestApp } from '../helpers/app';
import { Api } from '../helpers/api';
import { eventually } from '../helpers/socket';
import { TcpProxy } from '../helpers/tcp-proxy';

jest.setTimeout(90_000);

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

const until = <T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000) => eventually(probe, done, ms, 200);

/** Liveness and readiness as a load balancer sees them, with MySQL and Redis each taken away in turn. */
describe('health', () => {
  let t: TestApp;
  let api: Api;
  let db: TcpProxy;
  let redis: TcpProxy;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const mysql = new URL(MYSQL_URL.replace(/^mariadb:/, 'mysql:'));
    db = new TcpProxy(mysql.hostname, Number(mysql.port || 3306));
    redis = new TcpProxy(REDIS.hostname, Number(REDIS.port || 6379));
    const viaProxy = new URL(database.url.replace(/^mariadb:/, 'mysql:'));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await db.start());
    t = await startApp({
      database: { name: database.name, url: viaProxy.toString().replace(/^mysql:/, MYSQL_URL.split(':')[0] + ':') },
      env: { REDIS_URL: `redis://127.0.0.1:${await redis.start()}`, REDIS_PREFIX: `ccr-health-${randomBytes(3).toString('hex')}` },
    });
    api = new Api(t.url);
  });

  afterAll(async () => {
    await db?.restore();
    await redis?.restore();
    await t?.close();
    await db?.close();
    await redis?.close();
    await drop?.();
  });

  it('is ready when the database, Redis and Socket.IO answer', async () => {
    const ready = await api.get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' }, realtime: { status: 'up' } },
    });
    await api.get('/health').expect(200, { status: 'ok', db: 'up', realtime: 'up' });
  });

  it('answers 503 naming Redis when Redis is gone, and is ready again when it is back', async () => {
    await redis.cut();
    const res = await until(
      () => api.get('/health/ready'),
      (r) => r.status === 503,
    );
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      error: ErrorCode.UNAVAILABLE,
      status: 'error',
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    expect(res.body.message).toMatch(/^Not ready: redis is down/);
    expect(res.body.message).not.toMatch(/database/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    // Liveness does not depend on Redis: the process still serves.
    await api.get('/health').expect(200);

    await redis.restore();
    const back = await until(
      () => api.get('/health/ready'),
      (r) => r.status === 200,
    );
    expect(back.status).toBe(200);
  });

  it('answers 503 naming the database when MySQL is gone (liveness too), and recovers without a restart', async () => {
    await db.cut();
    const res = await until(
      () => api.get('/health/ready'),
      (r) => r.status === 503,
    );
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: ErrorCode.UNAVAILABLE, details: { database: { status: 'down' }, redis: { status: 'up' } } });
    expect(res.body.message).toMatch(/^Not ready: database is down/);
    const live = await api.get('/health');
    expect(live.status).toBe(503);
    expect(live.body).toMatchObject({ status: 'error', db: 'down' });

    await db.restore();
    const back = await until(
      () => api.get('/health/ready'),
      (r) => r.status === 200,
      30_000,
    );
    expect(back.body).toMatchObject({ status: 'ok' });
  });
});
