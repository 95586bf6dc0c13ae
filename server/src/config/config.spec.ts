import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

/** A data directory of its own for each case, removed after the file (a test run leaves nothing in the temp folder). */
const made: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-config-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('configuration', () => {
  it('runs on the embedded database with no DATABASE_URL, with documented defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.database).toEqual({ type: 'better-sqlite3', path: join(dir, 'registry.sqlite') });
    expect(config.port).toBe(3000);
    expect(config.bcryptCost).toBe(12);
    expect(config.rateLimitScale).toBe(1);
    expect(config.storeTransactions).toBe(1);
    expect(loadConfig({ DATA_DIR: dir, STORE_TRANSACTIONS: '2' }).storeTransactions).toBe(2);
    expect(config.storeLanes).toBe(2);
    expect(loadConfig({ DATA_DIR: dir, STORE_LANES: '1' }).storeLanes).toBe(1);
    expect(config.storeBatchIntervalMs).toBe(0);
    expect(loadConfig({ DATA_DIR: dir, STORE_BATCH_INTERVAL_MS: '10' }).storeBatchIntervalMs).toBe(10);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    // The development secret survives a restart.
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('picks the driver from the URL scheme', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://u:p@db:3306/x' }).database.type).toBe('mysql');
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mariadb://u:p@db:3306/x' }).database).toEqual({
      type: 'mariadb',
      url: 'mysql://u:p@db:3306/x',
    });
  });

  it.each([
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ RATE_LIMIT_SCALE: '0' }, 'RATE_LIMIT_SCALE'],
    [{ STORE_TRANSACTIONS: '0' }, 'STORE_TRANSACTIONS'],
    [{ STORE_TRANSACTIONS: '5' }, 'STORE_TRANSACTIONS'],
    [{ STORE_LANES: '0' }, 'STORE_LANES'],
    [{ STORE_LANES: '5' }, 'STORE_LANES'],
    [{ STORE_BATCH_INTERVAL_MS: '-1' }, 'STORE_BATCH_INTERVAL_MS'],
    [{ STORE_BATCH_INTERVAL_MS: '101' }, 'STORE_BATCH_INTERVAL_MS'],
    [{ STORE_BATCH_INTERVAL_MS: '2.5' }, 'STORE_BATCH_INTERVAL_MS'],
    [{ ADMIN_EMAIL: 'a@b.c' }, 'ADMIN_EMAIL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ PUBLIC_ORIGIN: 'ftp://x' }, 'PUBLIC_ORIGIN'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
  ])('refuses %j naming the variable', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(name);
  });

  it('refuses development fallbacks in production', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' })).toThrow('DATABASE_URL');
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production', DATABASE_URL: 'mysql://x@y/z' })).toThrow('JWT_SECRET');
    expect(() =>
      loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production', DATABASE_URL: 'mysql://x@y/z', JWT_SECRET: 'x'.repeat(40) }),
    ).toThrow('SMTP_URL');
  });
});
