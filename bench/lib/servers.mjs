/** Starts the registry (built server/dist/main.js) and the bare relay as child processes. */
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { onCleanup, stopChild, trackChild } from './cleanup.mjs';
import { rssKb, peakRssKb } from './proc.mjs';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');
const MAIN = join(ROOT, 'server', 'dist', 'main.js');
const CLI = join(ROOT, 'server', 'dist', 'database', 'cli.js');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A scratch folder for logs and the registry's DATA_DIR, removed at the end. */
export function scratchDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `ccr-bench-${label}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Waits for GET url to answer 200; bounded by timeoutMs. */
export async function waitHealthy(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(50);
  }
  throw new Error(`${url} not healthy within ${timeoutMs} ms (${last})`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * The `node` flags the image starts the registry with (the Dockerfile's CMD, between `node` and the
 * script): the registry runs here as deployed, and the relay with the same runtime settings.
 */
export function deployedNodeArgs() {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  if (!cmd) throw new Error('Dockerfile: no CMD line');
  return JSON.parse(cmd[1]).slice(1, -1);
}

function startNode(script, args, env, logFile, name, nodeArgs = []) {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  trackChild(child, name);
  return child;
}

function processHandle(child, { name, port, url, logFile, healthPath }) {
  return {
    name,
    port,
    url,
    child,
    logFile,
    get pid() {
      return child.pid;
    },
    rssKb: () => rssKb(child.pid),
    peakRssKb: () => peakRssKb(child.pid),
    stop: (graceMs = 10_000) => stopChild(child, graceMs),
    healthUrl: `${url}${healthPath}`,
    logTail: (n) => tail(logFile, n),
  };
}

export function assertBuilt() {
  if (!existsSync(MAIN)) throw new Error('server/dist/main.js is missing: run `npm run build -w shared && npm run build -w server` (npm run bench does this)');
}

/** Settings shared by every registry process of one deployment (same secret, same admin, same database). */
export function registryDeployment(db, { redis = false, extraEnv = {} } = {}) {
  return {
    db,
    jwtSecret: randomBytes(32).toString('hex'),
    admin: { email: `admin-${randomBytes(3).toString('hex')}@bench.test`, password: `Admin-${randomBytes(8).toString('hex')}` },
    redisUrl: redis ? (process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379') : null,
    extraEnv,
  };
}

/** Runs the registry's migrations on the deployment's database (node server/dist/database/cli.js migrate). */
export function migrate(deployment, _logFile) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'migrate'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: deployment.db.url, DATA_DIR: scratchDir('migrate') }, timeout: 120_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`migrate failed: ${stderr || err.message}`)) : resolve(stdout.trim())),
    );
  });
}

/** Extra environment for every registry process, as a JSON object of strings (BENCH_SERVER_ENV). */
function serverEnvFromBench() {
  const raw = process.env.BENCH_SERVER_ENV;
  if (!raw) return {};
  const env = JSON.parse(raw);
  if (!env || typeof env !== 'object' || Array.isArray(env) || Object.values(env).some((v) => typeof v !== 'string')) {
    throw new Error('BENCH_SERVER_ENV must be a JSON object of strings, e.g. {"STORE_TRANSACTIONS":"2"}');
  }
  return env;
}

/** Starts one registry process and waits for GET /api/health = 200. */
export async function startRegistry(deployment, { name = 'registry', port, dataDir, healthTimeoutMs = 90_000 } = {}) {
  assertBuilt();
  port ??= await freePort();
  dataDir ??= scratchDir(name);
  const logFile = join(dataDir, `${name}.log`);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: deployment.db.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_EMAIL: deployment.admin.email,
    ADMIN_PASSWORD: deployment.admin.password,
    JWT_SECRET: deployment.jwtSecret,
    BCRYPT_COST: '4',
    RATE_LIMIT_SCALE: process.env.BENCH_RATE_LIMIT_SCALE ?? '1000',
    // One JSON object a line, as a deployment logs (docker-compose.yml, NODE_ENV=production); the
    // coloured development format costs the registry ≈ 0.15 ms of CPU per request line (profiled).
    LOG_FORMAT: 'json',
    ...(deployment.redisUrl ? { REDIS_URL: deployment.redisUrl } : {}),
    ...deployment.extraEnv,
    // e.g. BENCH_SERVER_ENV='{"STORE_TRANSACTIONS":"2"}' compares a setting of the registry in A/B runs.
    ...serverEnvFromBench(),
  };
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/ccr-prof" profiles the registry under load.
  const nodeArgs = [...deployedNodeArgs(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = startNode(join('server', 'dist', 'main.js'), [], env, logFile, name, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  const handle = processHandle(child, { name, port, url, logFile, healthPath: '/api/health' });
  try {
    await waitHealthy(handle.healthUrl, healthTimeoutMs, child);
  } catch (e) {
    await handle.stop(2000);
    throw new Error(`${name} did not start: ${e.message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  handle.dataDir = dataDir;
  return handle;
}

/** Starts the bare Socket.IO relay (bench/relay.mjs). */
export async function startRelay({ name = 'relay', port } = {}) {
  port ??= await freePort();
  const dir = scratchDir(name);
  const logFile = join(dir, `${name}.log`);
  const child = startNode(
    join(BENCH_DIR, 'relay.mjs'),
    [],
    { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
    logFile,
    name,
    deployedNodeArgs(),
  );
  const url = `http://127.0.0.1:${port}`;
  const handle = processHandle(child, { name, port, url, logFile, healthPath: '/health' });
  try {
    await waitHealthy(handle.healthUrl, 20_000, child);
  } catch (e) {
    await handle.stop(2000);
    throw new Error(`${name} did not start: ${e.message}\n${tail(logFile)}`);
  }
  return handle;
}
