/**
 * Holds many idle authenticated sockets (one forked process of several).
 * Commands: connect {url, tokens, concurrency} · count · close
 */
import { io } from 'socket.io-client';
import { serveWorker } from '../lib/serve-worker.mjs';

const sockets = [];
let disconnects = 0;

function connectOne(url, token) {
  return new Promise((resolve) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    const timer = setTimeout(() => {
      socket.close();
      resolve({ ok: false, error: 'timeout' });
    }, 30_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      sockets.push(socket);
      socket.on('disconnect', () => disconnects++);
      resolve({ ok: true });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      resolve({ ok: false, error: err.message });
    });
  });
}

async function connect({ url, tokens, concurrency = 50 }) {
  const t0 = performance.now();
  const errors = {};
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < tokens.length) {
      const r = await connectOne(url, tokens[next++]);
      if (!r.ok) {
        failed++;
        errors[r.error] = (errors[r.error] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, lane));
  return { connected: sockets.length, failed, errors, ms: performance.now() - t0 };
}

serveWorker({
  connect,
  count: async () => ({ connected: sockets.filter((s) => s.connected).length, disconnects }),
  close: async () => {
    for (const s of sockets) s.close();
    sockets.length = 0;
    return {};
  },
});
