/** Fresh databases for a run: created with a unique name and dropped afterwards. */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { onCleanup, forget } from './cleanup.mjs';

/** The MySQL server to use: DATABASE_URL (its database part is ignored), default the local MariaDB; `--private-db` replaces it. */
let SERVER_URL = process.env.DATABASE_URL || 'mariadb://root@127.0.0.1:3306';

/** Points every database of the run at another server (the private one of `--private-db`). */
export function useDatabaseServer(url) {
  SERVER_URL = url;
}

function serverUrl() {
  const u = new URL(SERVER_URL.replace(/^mariadb:/, 'mysql:'));
  return { scheme: SERVER_URL.startsWith('mysql:') ? 'mysql' : 'mariadb', u };
}

export function connectionOptions(database) {
  const { u } = serverUrl();
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost' && u.hostname !== '::1') {
    throw new Error(`the bench only targets a local database (127.0.0.1), not ${u.hostname}`);
  }
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
    multipleStatements: false,
    timezone: 'Z', // as the registry stores DATETIME(3): UTC
    supportBigNumbers: true,
  };
}

export async function adminQuery(sql) {
  const conn = await mysql.createConnection(connectionOptions(undefined));
  try {
    return await conn.query(sql);
  } finally {
    await conn.end();
  }
}

/** Creates `ccr_bench_<time>_<random>`; returns its URL for the registry and a drop function. */
export async function createDatabase(label = 'x') {
  const name = `ccr_bench_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const { scheme, u } = serverUrl();
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : 'root@';
  const url = `${scheme}://${auth}${u.hostname}:${u.port || 3306}/${name}`;
  // One drop, shared by the scenario's own `finally` and the exit/Ctrl-C cleanup, so neither
  // can cut the other short.
  let dropping = null;
  const dropOnce = () => (dropping ??= adminQuery(`DROP DATABASE IF EXISTS \`${name}\``));
  onCleanup(dropOnce);
  return {
    name,
    url,
    async drop() {
      await dropOnce();
      forget(dropOnce);
    },
  };
}

export async function connect(database) {
  return mysql.createConnection(connectionOptions(database));
}

export async function pool(database, connectionLimit = 4) {
  return mysql.createPool({ ...connectionOptions(database), connectionLimit });
}
