#!/usr/bin/env node
/**
 * The Customer Care Registry load bench. `npm run bench` builds shared and server, then runs this.
 *
 *   node bench/run.mjs [--quick] [--scenario chat|idle|storm|dashboard|multinode|all[,…]]
 *                      [--workers N] [--rates 500,1000,…] [--every-rate] [--step-seconds S]
 *                      [--targets relay,registry] [--idle N] [--storm N]
 *                      [--tickets N] [--messages N] [--http-rate R] [--private-db] [--no-write]
 *
 * Everything targets 127.0.0.1 only; every loop is bounded; every child process, database
 * and temporary folder it creates is removed on the way out (Ctrl-C included).
 */
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cleanupAll } from './lib/cleanup.mjs';
import { BENCH_DIR, ROOT, assertBuilt } from './lib/servers.mjs';
import { adminQuery, useDatabaseServer } from './lib/db.mjs';
import { useDatabasePids } from './lib/proc.mjs';
import { DISK_STALL_MS } from './lib/stall-probe.mjs';
import { startPrivateDatabase } from './lib/private-db.mjs';
import { renderChart } from './lib/chart.mjs';
import { chatScenario } from './scenarios/chat.mjs';
import { idleScenario } from './scenarios/idle.mjs';
import { stormScenario } from './scenarios/storm.mjs';
import { dashboardScenario } from './scenarios/dashboard.mjs';
import { multinodeScenario } from './scenarios/multinode.mjs';

const SCENARIOS = ['chat', 'idle', 'storm', 'dashboard', 'multinode'];

function parseArgs(argv) {
  const args = { quick: false, scenarios: ['chat'], write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--scenario':
      case '--scenarios': {
        const v = value()
          .split(',')
          .map((s) => s.trim());
        args.scenarios = v.includes('all') ? SCENARIOS : v;
        for (const s of args.scenarios)
          if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (one of ${SCENARIOS.join(', ')}, all)`);
        break;
      }
      case '--workers':
        args.workers = Number(value());
        break;
      case '--rates':
        args.rates = value().split(',').map(Number);
        break;
      case '--every-rate':
        args.everyRate = true;
        break;
      case '--step-seconds':
        args.stepSeconds = Number(value());
        break;
      case '--targets':
        args.targets = value().split(',');
        break;
      case '--idle':
        args.idle = Number(value());
        break;
      case '--storm':
        args.storm = Number(value());
        break;
      case '--tickets':
        args.tickets = Number(value());
        break;
      case '--messages':
        args.messages = Number(value());
        break;
      case '--http-rate':
        args.httpRate = Number(value());
        break;
      case '--private-db':
        args.privateDb = true;
        break;
      case '--no-write':
        args.write = false;
        break;
      case '-h':
      case '--help':
        console.log(
          readFileSync(new URL(import.meta.url), 'utf8')
            .split('\n')
            .slice(2, 11)
            .join('\n')
            .replace(/^ \*? ?/gm, ''),
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  return args;
}

function options(args) {
  const q = args.quick;
  // Up to 64k: on a quiet machine the relay holds ≈ 50,000 msg/s, and its ceiling is the ratio's yardstick.
  const chatRates =
    args.rates ??
    (q
      ? [100, 250, 500, 1000, 2000, 4000, 8000, 12000, 16000, 24000, 32000, 48000, 64000]
      : [100, 250, 500, 1000, 2000, 4000, 8000, 10000, 12000, 14000, 16000, 18000, 20000, 22000, 24000, 28000, 32000, 40000, 48000, 56000, 64000]);
  return {
    chat: {
      rates: chatRates,
      durationMs: (args.stepSeconds ?? (q ? 2 : 5)) * 1000,
      drainMs: q ? 2000 : 3000,
      refineSteps: q ? 1 : 2,
      everyRate: args.everyRate ?? false,
      workers: args.workers ?? 2,
      targets: args.targets ?? ['relay', 'registry'],
    },
    multinode: {
      rates: args.rates ?? (q ? [100, 250, 500, 1000, 2000, 4000, 8000] : [100, 250, 500, 1000, 2000, 4000, 8000, 12000, 16000]),
      durationMs: (args.stepSeconds ?? (q ? 2 : 5)) * 1000,
      drainMs: q ? 2000 : 3000,
      refineSteps: q ? 1 : 2,
      everyRate: args.everyRate ?? false,
      workers: args.workers ?? 2,
    },
    idle: { sockets: args.idle ?? (q ? 2000 : 10_000), workers: q ? 2 : 4 },
    storm: { clients: args.storm ?? (q ? 1000 : 5000), workers: 2, deadlineMs: q ? 45_000 : 90_000 },
    dashboard: {
      tickets: args.tickets ?? (q ? 10_000 : 100_000),
      messages: args.messages ?? (q ? 100_000 : 1_000_000),
      rate: args.httpRate ?? 200,
      durationMs: q ? 4000 : 15_000,
    },
  };
}

function git(...a) {
  try {
    return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/**
 * A fixed piece of CPU work (JSON round trips and SHA-256), timed: virtual CPUs on shared hosts
 * differ from run to run, and this number shows it beside the results.
 */
function calibrate() {
  const payload = { ticketId: '7c0e0d1e-2f4b-4c3a-9e51-3f1f0c9b8a77', clientId: 'x'.repeat(36), body: 'y'.repeat(120), seq: 1 };
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < 200_000; i++) {
    const m = JSON.parse(JSON.stringify({ ...payload, seq: i }));
    if (i % 4 === 0) createHash('sha256').update(m.body).digest();
  }
  const c = process.cpuUsage(t0);
  return { cpuMs: Math.round((c.user + c.system) / 1000), wallMs: Math.round(performance.now() - w0) };
}

async function machine() {
  let db = null;
  try {
    const [rows] = await adminQuery('SELECT VERSION() AS v');
    db = rows[0].v;
  } catch (e) {
    db = `unreachable: ${e.message}`;
  }
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? null,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    database: db,
    socketIo: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'socket.io', 'package.json'), 'utf8')).version,
    commit: git('rev-parse', '--short', 'HEAD'),
    /** CPU ms for a fixed work unit (lower is a faster CPU); compare runs with it. */
    calibration: calibrate(),
    dirty: (git('status', '--porcelain', '--', 'server', 'shared') ?? '') !== '',
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const opts = options(args);
  const started = new Date();
  const log = (s) => console.log(s);
  assertBuilt();
  if (args.privateDb) {
    const db = await startPrivateDatabase();
    useDatabaseServer(db.url);
    useDatabasePids(() => [db.pid]);
  }
  const report = {
    date: started.toISOString(),
    quick: args.quick,
    machine: await machine(),
    // The machine's MariaDB (or DATABASE_URL), or a private one with its files in memory (--private-db).
    privateDb: Boolean(args.privateDb),
    scenarios: {},
  };
  log(
    `Customer Care Registry bench — ${report.date} — ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.machine.database}; CPU calibration ${report.machine.calibration.cpuMs} ms`,
  );
  log(`Database server: ${report.privateDb ? 'private, files in memory (--private-db)' : 'the machine’s (DATABASE_URL or 127.0.0.1:3306)'}`);
  log('Caveat: the servers, MariaDB and the load generators share these cores; see bench/README.md.\n');

  const run = { chat: chatScenario, idle: idleScenario, storm: stormScenario, dashboard: dashboardScenario, multinode: multinodeScenario };
  let failed = false;
  for (const name of args.scenarios) {
    const t0 = Date.now();
    log(`\n=== ${name} ===`);
    try {
      report.scenarios[name] = await run[name](opts[name], log);
    } catch (e) {
      failed = true;
      report.scenarios[name] = { error: e.message };
      console.error(`${name} failed: ${e.stack ?? e.message}`);
    }
    report.scenarios[name].runSeconds = Math.round((Date.now() - t0) / 1000);
  }
  report.runSeconds = Math.round((Date.now() - started.getTime()) / 1000);

  log(`\n=== summary ===`);
  for (const line of summarize(report)) log(line);

  if (args.write) {
    const dir = join(BENCH_DIR, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const json = JSON.stringify(report, null, 2) + '\n';
    writeFileSync(join(dir, `${stamp}${args.quick ? '-quick' : ''}.json`), json);
    writeFileSync(join(dir, 'latest.json'), json);
    const svg = renderChart(report);
    if (svg) {
      writeFileSync(join(dir, `${stamp}${args.quick ? '-quick' : ''}.svg`), svg);
      writeFileSync(join(dir, 'latest.svg'), svg);
    }
    log(`\nwrote bench/results/${stamp}${args.quick ? '-quick' : ''}.json, latest.json${svg ? ' and the latency chart (.svg)' : ''}`);
  }
  return failed ? 1 : 0;
}

export function summarize(report) {
  const out = [];
  const s = report.scenarios;
  const fmt = (x) => (x === null || x === undefined ? '-' : x);
  if (s.chat && !s.chat.error) {
    const r = s.chat.targets;
    for (const [name, t] of Object.entries(r)) {
      const st = t.machineStalls;
      out.push(
        `chat ${name}: highest rate held ${t.maxHeld} msg/s (p99 ${fmt(t.atMax?.latencyMs.p99)} ms, ack p99 ${fmt(t.atMax?.ackLatencyMs.p99)} ms)` +
          (st ? `; machine: longest disk flush ${st.longestFlushMs} ms, longest stall ${st.longestLateMs} ms, ${st.stepsRunAgain} step(s) run again after a stall or outside load, ${st.failuresNotConfirmed ?? 0} failure(s) not confirmed on a second try` : ''),
      );
    }
    if (s.chat.ratio !== undefined) out.push(`chat ratio registry/relay: ${fmt(s.chat.ratio)} (target ≥ 0.5, and ≥ 2000 msg/s)`);
    const flush = r.registry?.machineStalls?.longestFlushMs ?? 0;
    if (flush > DISK_STALL_MS && !report.privateDb) {
      out.push(
        `note: the database's disk stalled under the registry's steps (a flush took ${flush} ms): every commit waits for it, so the registry's figure is partly the disk's; \`--private-db\` measures the software on this machine without it`,
      );
    }
  }
  if (s.multinode && !s.multinode.error) {
    out.push(
      `multinode (2 registries + Redis): highest rate held ${s.multinode.maxHeld} msg/s${s.multinode.note ? ` — ${s.multinode.note}` : ''}`,
    );
  }
  if (s.idle && !s.idle.error) {
    out.push(`idle: ${s.idle.connected}/${s.idle.sockets} sockets, ${fmt(s.idle.kbPerSocket)} KB RSS each (target ≤ 40 KB)`);
  }
  if (s.storm && !s.storm.error) {
    out.push(
      `storm: ${s.storm.resynced}/${s.storm.clients} resynced within ${fmt(s.storm.stormSeconds)} s of the first reconnect (${fmt(s.storm.secondsFromKill)} s after the stop began), ${s.storm.failed} failed (target ≤ 10 s, none lost)`,
    );
  }
  if (s.dashboard && !s.dashboard.error) {
    for (const e of s.dashboard.endpoints) {
      out.push(
        e.missing
          ? `dashboard ${e.name}: MISSING (${e.missing})`
          : `dashboard ${e.name}: p50 ${fmt(e.latencyMs.p50)} ms, p99 ${fmt(e.latencyMs.p99)} ms at ${e.rate} req/s, ${e.errors} errors (target p99 ≤ 20 ms)`,
      );
    }
  }
  for (const [name, v] of Object.entries(s)) if (v.error) out.push(`${name}: ERROR ${v.error.split('\n')[0]}`);
  return out;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e.stack ?? e.message);
} finally {
  await cleanupAll();
}
process.exit(code);
