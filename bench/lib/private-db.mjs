/**
 * `--private-db`: a MariaDB server of the bench's own, its files in memory, so that the chat
 * measures the registry and MariaDB's work and not the host's disk.
 *
 * Why: every acknowledged message waits for a durable commit (`innodb_flush_log_at_trx_commit = 1`,
 * an fdatasync of the redo log), and on this VM kind the disk under the machine's MariaDB at times
 * holds a flush for 100–670 ms several times a minute with nothing else running (the chat steps'
 * `disk` column shows it). Such an hour fails the registry's steps at any rate, 100 msg/s included,
 * and says nothing about the software. The private server is the machine's own `mariadbd` binary
 * started with no configuration file, so InnoDB runs at its defaults (the same as the machine's
 * server: durable commits, 128 MB buffer pool, 96 MB redo log); only its data directory is a fresh
 * folder in /dev/shm, where a flush costs nothing. Started on a free port of 127.0.0.1, stopped by its
 * own PID and its folder removed on the way out.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { onCleanup, stopChild, trackChild } from './cleanup.mjs';
import { freePort, sleep } from './servers.mjs';

const find = (names) => names.map((n) => ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin'].map((d) => join(d, n))).flat().find(existsSync);

function run(file, args) {
  return new Promise((resolve, reject) =>
    execFile(file, args, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${file} failed: ${stderr || err.message}`)) : resolve(stdout))),
  );
}

/** Starts the private server; resolves to { url, pid, dataDir, stop() }. */
export async function startPrivateDatabase({ parent = existsSync('/dev/shm') ? '/dev/shm' : tmpdir() } = {}) {
  const server = find(['mariadbd', 'mysqld']);
  const install = find(['mariadb-install-db', 'mysql_install_db']);
  if (!server || !install) throw new Error('--private-db needs MariaDB installed on this machine (mariadbd and mariadb-install-db)');
  const dir = mkdtempSync(join(parent, 'ccr-bench-mariadb-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ['--user=root'] : [];
  await run(install, ['--no-defaults', `--datadir=${dataDir}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const log = join(dir, 'error.log');
  const fd = openSync(join(dir, 'stdout.log'), 'a');
  const child = spawn(
    server,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      ...user,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${log}`,
      '--skip-name-resolve',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
    ],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  trackChild(child, 'private-mariadb');
  const stop = () => stopChild(child, 20_000);
  onCleanup(stop);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the private MariaDB exited (${child.exitCode ?? child.signalCode}); see ${log}`);
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await conn.end();
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the private MariaDB did not answer within 60 s: ${e.message}`);
      }
      await sleep(200);
    }
  }
  return { url: `mariadb://root@127.0.0.1:${port}`, pid: child.pid, dataDir, stop };
}
