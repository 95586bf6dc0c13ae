/**
 * Stalls of the machine itself, sampled all through a chat target's steps, independently of the
 * process under test: how long the database's disk takes to make a small write durable, and how
 * late a sleeping thread wakes up.
 *
 * The registry acknowledges a message only after its transaction is committed, and with
 * `innodb_flush_log_at_trx_commit = 1` every commit waits for an fdatasync of the redo log. When
 * the disk stalls, every commit under way waits with it: on this VM kind a quiet minute held
 * 4 fdatasyncs over 50 ms (the longest 214 ms), another 40 (the longest 477 ms), and a single
 * stall of 100 ms in a 5 s step pushes its p99 over 50 ms at any rate. A thread that wakes up
 * more than 50 ms late saw the whole machine stop (the hypervisor did not run it); that stops
 * the relay as much as the registry.
 *
 * Two threads of the driver: one writes 4 KiB to its own file on the database's filesystem and
 * fdatasyncs it every 50 ms; the other sleeps 5 ms at a time and records how late it woke.
 */
import { Worker } from 'node:worker_threads';
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery } from './db.mjs';
import { onCleanup, forget } from './cleanup.mjs';

/** A late wake-up longer than this during a failed step is a stall the step could not have survived. */
export const STALL_MS = 50;
/**
 * A probe flush longer than this during a failed step marks a disk stall. Half the budget: the probe
 * flushes every 50 ms, so one that starts in the middle of a stall sees only the rest of it.
 */
export const DISK_STALL_MS = 25;

// Shared Int32 slots: the longest flush (µs) since the last take(), flushes, the longest late wake-up (µs), stop.
const FLUSH_MAX_US = 0;
const FLUSHES = 1;
const LATE_MAX_US = 2;
const STOP = 3;

const COMMON = `
const { workerData } = require('node:worker_threads');
const slots = new Int32Array(workerData.shared);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(sleeper, 0, 0, ms);
const now = () => process.hrtime.bigint();
const keepMax = (slot, us) => {
  for (let cur; us > (cur = Atomics.load(slots, slot)) && Atomics.compareExchange(slots, slot, cur, us) !== cur; );
};
`;

const DISK_SOURCE = `${COMMON}
const { openSync, writeSync, fdatasyncSync, closeSync, unlinkSync } = require('node:fs');
const fd = openSync(workerData.file, 'w');
const block = Buffer.alloc(4096, 0x2e);
try {
  for (let i = 0; Atomics.load(slots, ${STOP}) === 0; i++) {
    const t0 = now();
    writeSync(fd, block, 0, block.length, (i % 64) * 4096);
    fdatasyncSync(fd);
    keepMax(${FLUSH_MAX_US}, Number((now() - t0) / 1000n));
    Atomics.add(slots, ${FLUSHES}, 1);
    sleep(50);
  }
} finally {
  closeSync(fd);
  try { unlinkSync(workerData.file); } catch {}
}
`;

const WAKE_SOURCE = `${COMMON}
while (Atomics.load(slots, ${STOP}) === 0) {
  const t0 = now();
  sleep(5);
  keepMax(${LATE_MAX_US}, Math.max(0, Number((now() - t0) / 1000n) - 5000));
}
`;

/** A writable folder on the filesystem that holds the database's files, or null when there is none. */
async function probeFolder() {
  let dev;
  let datadir;
  try {
    const [rows] = await adminQuery('SELECT @@datadir AS d');
    datadir = rows[0].d;
    dev = statSync(datadir).dev;
  } catch {
    return null; // the database's files are not visible from here
  }
  for (const dir of [tmpdir(), datadir]) {
    try {
      if (statSync(dir).dev !== dev) continue;
      const file = join(dir, `.ccr-bench-disk-probe-${process.pid}`);
      closeSync(openSync(file, 'w'));
      unlinkSync(file);
      return dir;
    } catch {
      /* not writable: try the next */
    }
  }
  return null;
}

const ms = (us) => Math.round(us / 100) / 10;

/**
 * Starts the probes. `take()` returns what they saw since the last take() (or the start):
 * `{ maxFlushMs, flushes, maxLateMs }` (`maxFlushMs` null when the database's filesystem can't be
 * reached from here). `stop()` ends them.
 */
export async function startStallProbe() {
  const dir = await probeFolder();
  const shared = new SharedArrayBuffer(4 * 4);
  const slots = new Int32Array(shared);
  const threads = [new Worker(WAKE_SOURCE, { eval: true, workerData: { shared } })];
  if (dir) threads.push(new Worker(DISK_SOURCE, { eval: true, workerData: { shared, file: join(dir, `.ccr-bench-disk-probe-${process.pid}`) } }));
  let stopping = null;
  const stop = () =>
    (stopping ??= Promise.all(
      threads.map(
        (t) =>
          new Promise((resolve) => {
            Atomics.store(slots, STOP, 1);
            t.once('exit', resolve);
            setTimeout(() => t.terminate().then(resolve, resolve), 2000).unref();
          }),
      ),
    ));
  onCleanup(stop);
  return {
    take() {
      const flushUs = Atomics.exchange(slots, FLUSH_MAX_US, 0);
      return {
        maxFlushMs: dir ? ms(flushUs) : null,
        flushes: Atomics.exchange(slots, FLUSHES, 0),
        maxLateMs: ms(Atomics.exchange(slots, LATE_MAX_US, 0)),
      };
    },
    /**
     * Waits (bounded) until the disk has gone `windowMs` without a flush over DISK_STALL_MS: its stalls
     * come in bursts, and a step should not start in one. Returns how long it waited.
     */
    async waitQuietDisk({ maxMs = 30_000, windowMs = 2000 } = {}) {
      if (!dir) return 0;
      const t0 = Date.now();
      Atomics.store(slots, FLUSH_MAX_US, 0);
      do {
        await new Promise((r) => setTimeout(r, windowMs));
        if (Atomics.exchange(slots, FLUSH_MAX_US, 0) <= DISK_STALL_MS * 1000) break;
      } while (Date.now() - t0 < maxMs);
      return Date.now() - t0 - windowMs;
    },
    async stop() {
      await stop();
      forget(stop);
    },
  };
}
