/**
 * Everything the bench starts or creates is recorded here and undone on the way out:
 * child processes (stopped by their own PID, never by name), databases, temporary folders.
 */
const children = new Map(); // pid -> { child, name }
const tasks = []; // async undo functions, run last-in first-out

export function trackChild(child, name) {
  if (!child.pid) return child;
  children.set(child.pid, { child, name });
  child.once('exit', () => children.delete(child.pid));
  return child;
}

export function trackedPids() {
  return [...children.keys()];
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopChild(child, graceMs = 5000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      child.kill('SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export function onCleanup(fn) {
  tasks.push(fn);
  return fn;
}

export function forget(fn) {
  const i = tasks.indexOf(fn);
  if (i >= 0) tasks.splice(i, 1);
}

let running = null;
export function cleanupAll() {
  if (running) return running;
  running = (async () => {
    await Promise.all([...children.values()].map(({ child }) => stopChild(child, 3000)));
    while (tasks.length) {
      const fn = tasks.pop();
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${e.message}`);
      }
    }
  })();
  return running;
}

/** Synchronous last resort when the process exits without having cleaned up. */
process.on('exit', () => {
  for (const { child } of children.values()) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
});

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping children and dropping databases…`);
    const hard = setTimeout(() => process.exit(130), 20_000);
    hard.unref();
    cleanupAll().finally(() => process.exit(130));
  });
}
