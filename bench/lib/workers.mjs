/**
 * Load-generating workers are separate Node processes (child_process.fork), so the driver
 * never competes with them on one event loop. Each answers requests {id, cmd, ...} with
 * {id, ok, result | error}.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR } from './servers.mjs';
import { stopChild, trackChild } from './cleanup.mjs';

/**
 * V8's memory reducer shrinks a heap that stopped allocating: a worker idle through the other
 * target's step then spent the first half second of its own next step growing its heap again,
 * late to read what arrived, and that lateness was counted as the server's (bench/README.md,
 * seventeenth session). The workers of both targets keep their heaps, and their young generations:
 * V8 also shrinks a quiet process's young generation (to 1–2 MB here), and the worker began its next
 * step with 30–60 ms of scavenges per quarter second, its event loop up to 110 ms late (nineteenth session).
 */
const WORKER_NODE_ARGS = ['--no-memory-reducer', '--min-semi-space-size=16'];

export function forkWorker(script, name, { maxOldSpaceMb } = {}) {
  const child = fork(join(BENCH_DIR, 'workers', script), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...WORKER_NODE_ARGS, ...(maxOldSpaceMb ? [`--max-old-space-size=${maxOldSpaceMb}`] : [])],
    serialization: 'advanced',
  });
  trackChild(child, name);
  let seq = 0;
  const waiting = new Map();
  const listeners = new Set();
  child.on('message', (msg) => {
    if (msg && msg.id !== undefined && waiting.has(msg.id)) {
      const { resolve, reject, timer } = waiting.get(msg.id);
      waiting.delete(msg.id);
      clearTimeout(timer);
      if (msg.ok) resolve(msg.result);
      else reject(new Error(`${name}: ${msg.error}`));
    } else {
      for (const l of listeners) l(msg);
    }
  });
  child.once('exit', (code, signal) => {
    for (const { reject, timer } of waiting.values()) {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal})`));
    }
    waiting.clear();
  });
  return {
    name,
    child,
    get pid() {
      return child.pid;
    },
    /** Sends a command; rejects after timeoutMs. */
    request(cmd, payload = {}, timeoutMs = 60_000) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, { resolve, reject, timer });
        child.send({ id, cmd, ...payload });
      });
    },
    onEvent(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      if (child.connected) {
        try {
          await this.request('close', {}, 10_000);
        } catch {
          /* stopped below */
        }
      }
      await stopChild(child, 3000);
    },
  };
}

/** Splits items into n near-equal contiguous groups. */
export function split(items, n) {
  const groups = Array.from({ length: n }, () => []);
  items.forEach((item, i) => groups[i % n].push(item));
  return groups;
}
