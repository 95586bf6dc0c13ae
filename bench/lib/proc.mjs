/** CPU and memory of other processes, read from /proc (process.cpuUsage only sees this one). */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* Linux default */
}

/** utime + stime of a process in seconds, or null when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / clkTck;
  } catch {
    return null;
  }
}

function statusField(pid, name) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Resident set size in kB (VmRSS). */
export const rssKb = (pid) => statusField(pid, 'VmRSS');
/** Peak resident set size in kB (VmHWM). */
export const peakRssKb = (pid) => statusField(pid, 'VmHWM');

/** Number of open file descriptors of a process (sockets included). */
export function fdCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** Whole-machine CPU time: { busy, total } in seconds, summed over every core. */
export function machineCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] || 0); // idle + iowait
  const steal = v[7] || 0; // time the hypervisor gave our virtual CPUs to someone else
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle - steal) / clkTck, steal: steal / clkTck, total: total / clkTck };
}

/** PIDs of processes whose command name is one of `names` (e.g. the MariaDB server). */
export function pidsByName(names) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

let databaseServerPids = () => pidsByName(['mariadbd', 'mysqld']);
/** The database server's PIDs: every MariaDB/MySQL server on the machine, or the private one of `--private-db`. */
export const databasePids = () => databaseServerPids();
export function useDatabasePids(pids) {
  databaseServerPids = pids;
}
export const redisPids = () => pidsByName(['redis-server']);

/**
 * Samples CPU of named groups of PIDs between start() and stop(). Percentages are of one
 * core (200 % = both cores of a 2-core machine). `other` is whatever else the machine did:
 * it shows when something outside the bench (another test run) shared the CPU.
 */
export class CpuMeter {
  constructor(groups) {
    this.groups = groups; // { name: () => pid[] }
  }

  start() {
    this.t0 = performance.now();
    this.m0 = machineCpu();
    this.c0 = this.read();
    return this;
  }

  read() {
    const out = {};
    for (const [name, pids] of Object.entries(this.groups)) {
      out[name] = new Map();
      for (const pid of pids()) out[name].set(pid, cpuSeconds(pid));
    }
    return out;
  }

  stop() {
    const wall = (performance.now() - this.t0) / 1000;
    const m1 = machineCpu();
    const c1 = this.read();
    const pct = (s) => Math.round((s / wall) * 1000) / 10;
    const result = { wallSeconds: Math.round(wall * 100) / 100 };
    let accounted = 0;
    for (const name of Object.keys(this.groups)) {
      let s = 0;
      for (const [pid, v1] of c1[name]) {
        const v0 = this.c0[name].get(pid);
        if (v0 !== undefined && v0 !== null && v1 !== null) s += v1 - v0;
      }
      accounted += s;
      result[`${name}CpuPct`] = pct(s);
    }
    const busy = m1.busy - this.m0.busy;
    result.machineCpuPct = pct(busy);
    result.stealCpuPct = pct(m1.steal - this.m0.steal);
    result.otherCpuPct = pct(Math.max(0, busy - accounted));
    result.cores = os.cpus().length;
    return result;
  }
}

/**
 * Waits (bounded) until the whole machine is nearly idle — other sessions' tests share these
 * cores — so that a step starts on a quiet machine. Returns the busy % seen last (of one core).
 */
export async function waitQuietMachine({ maxMs = 20_000, thresholdPct = 25, windowMs = 500 } = {}) {
  const deadline = Date.now() + maxMs;
  let pct = 0;
  do {
    const m0 = machineCpu();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const m1 = machineCpu();
    pct = ((m1.busy - m0.busy) / ((performance.now() - t0) / 1000)) * 100;
    if (pct < thresholdPct) return pct;
  } while (Date.now() < deadline);
  return pct;
}

/** Waits (bounded) until these processes use less than 10 % of a core, so one load's backlog never leaks into the next. */
export async function waitIdle(pids, maxMs = 15_000) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    const c0 = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 300));
    const wall = (performance.now() - t0) / 1000;
    const used = pids.map(cpuSeconds).reduce((s, c1, i) => s + (c1 !== null && c0[i] !== null ? c1 - c0[i] : 0), 0);
    if (used / wall < 0.1) return true;
  }
  return false;
}
