/**
 * Idle: N authenticated sockets (one per registered customer) held open on one registry process.
 * RSS per socket = (RSS with them − RSS before) / N, the "before" being a freshly restarted,
 * warmed-up process, so registration garbage is not counted either way.
 */
import { execFileSync } from 'node:child_process';
import { Api, mapLimit } from '../lib/api.mjs';
import { createDatabase } from '../lib/db.mjs';
import { registryDeployment, startRegistry, sleep } from '../lib/servers.mjs';
import { forkWorker, split } from '../lib/workers.mjs';
import { CpuMeter, fdCount } from '../lib/proc.mjs';

export async function registerMany(url, n, log, label = 'customers') {
  const api = new Api(url);
  const t0 = Date.now();
  let done = 0;
  const sessions = await mapLimit([...Array(n).keys()], 8, async (i) => {
    const s = await api.registerCustomer(i);
    if (++done % 2000 === 0 && done < n) log(`  registered ${done}/${n} ${label}`);
    return s;
  });
  log(`  registered ${n} ${label} through POST /api/auth/register in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return sessions;
}

async function steadyRss(handle, samples = 5, gapMs = 200) {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    sum += handle.rssKb();
    await sleep(gapMs);
  }
  return sum / samples;
}

/** The open-file limit this process (and so the registry it starts) runs with. */
function fileLimit() {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

export async function idleScenario({ sockets: n, workers: nWorkers }, log) {
  const limit = fileLimit();
  if (limit !== null && limit < n + 1024) {
    throw new Error(`ulimit -n is ${limit}: the registry needs one descriptor per socket; raise it (e.g. \`ulimit -n 20000\`) or use --idle ${Math.max(0, limit - 1024)}`);
  }
  const db = await createDatabase('idle');
  const deployment = registryDeployment(db);
  let registry = await startRegistry(deployment, { name: 'registry-idle' });
  const workers = [];
  try {
    log(`idle: ${n} sockets, one per customer, over ${nWorkers} client processes`);
    const sessions = await registerMany(registry.url, n, log);
    const tokens = sessions.map((s) => s.token);

    // A fresh process for the baseline (same database, port and secret: the tokens stay valid).
    const { port, dataDir } = registry;
    await registry.stop();
    registry = await startRegistry(deployment, { name: 'registry-idle', port, dataDir });
    const warm = forkWorker('idle-worker.mjs', 'idle-warmup');
    workers.push(warm);
    await warm.request('connect', { url: registry.url, tokens: tokens.slice(0, 50), concurrency: 10 }, 120_000);
    await warm.close();
    workers.pop();
    await sleep(3000);
    const before = await steadyRss(registry);
    const fdsBefore = fdCount(registry.pid);

    const meter = new CpuMeter({ server: () => [registry.pid] }).start();
    const t0 = Date.now();
    const groups = split(tokens, nWorkers);
    for (let w = 0; w < nWorkers; w++) workers.push(forkWorker('idle-worker.mjs', `idle-client-${w}`));
    const parts = await Promise.all(
      workers.map((w, i) => w.request('connect', { url: registry.url, tokens: groups[i], concurrency: 25 }, 600_000)),
    );
    const connectSeconds = (Date.now() - t0) / 1000;
    const cpu = meter.stop();
    const connected = parts.reduce((s, p) => s + p.connected, 0);
    const failed = parts.reduce((s, p) => s + p.failed, 0);
    const errors = {};
    for (const p of parts) for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + v;
    log(`  connected ${connected}/${n} in ${connectSeconds.toFixed(1)} s (${Math.round(connected / connectSeconds)}/s, server CPU ${Math.round(cpu.serverCpuPct)}%)${failed ? `, ${failed} failed ${JSON.stringify(errors)}` : ''}`);

    await sleep(5000); // idle: let the handshakes' garbage settle
    const after = await steadyRss(registry);
    const fdsAfter = fdCount(registry.pid);
    const still = (await Promise.all(workers.map((w) => w.request('count')))).reduce((s, c) => s + c.connected, 0);
    const kbPerSocket = connected ? Math.round(((after - before) / connected) * 10) / 10 : null;
    log(`  server RSS ${(before / 1024).toFixed(1)} MB → ${(after / 1024).toFixed(1)} MB: ${kbPerSocket} KB per socket (target ≤ 40 KB); ${still} still connected after 5 s idle`);
    return {
      sockets: n,
      connected,
      failed,
      errors,
      stillConnected: still,
      connectSeconds: Math.round(connectSeconds * 10) / 10,
      connectsPerSecond: Math.round(connected / connectSeconds),
      connectServerCpuPct: cpu.serverCpuPct,
      rssBeforeMb: Math.round(before / 102.4) / 10,
      rssAfterMb: Math.round(after / 102.4) / 10,
      kbPerSocket,
      fdsBefore,
      fdsAfter,
      fileLimit: limit,
      targetMet: kbPerSocket !== null && kbPerSocket <= 40 && connected === n,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await registry.stop();
    await db.drop();
  }
}
