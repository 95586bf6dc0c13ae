/**
 * Reconnect-storm clients (one forked process of several). Each client is a socket joined to its
 * ticket that keeps the last seq it holds. After the server restarts, socket.io-client reconnects
 * with its default backoff (as the web app does), the client rejoins with afterSeq and must get
 * exactly the messages it missed, in order, to count as resynced.
 *
 * Commands: setup {url, clients:[{token, ticketId}], concurrency} · expect {expected: {ticketId: seq}}
 *           status · close
 */
import { io } from 'socket.io-client';
import { serveWorker } from '../lib/serve-worker.mjs';

const JOIN_TIMEOUT_MS = 10_000; // the web app's ack timeout
const clients = [];
let expected = null;

function joinAck(c) {
  return new Promise((resolve) => {
    const payload = c.lastSeq > 0 ? { ticketId: c.ticketId, afterSeq: c.lastSeq } : { ticketId: c.ticketId };
    c.socket.timeout(JOIN_TIMEOUT_MS).emit('ticket:join', payload, (err, res) => resolve(err ? { ok: false, error: { code: 'ACK_TIMEOUT' } } : res));
  });
}

/** Takes messages in order; anything but lastSeq+1 is a gap or a repeat. */
function take(c, messages) {
  for (const m of messages) {
    if (m.seq <= c.lastSeq) {
      c.repeats++;
      continue;
    }
    if (m.seq !== c.lastSeq + 1) c.gaps++;
    c.lastSeq = m.seq;
  }
}

function checkDone(c) {
  if (c.resyncedAt || !expected || !c.reconnectedAt) return;
  const want = expected[c.ticketId];
  if (want !== undefined && c.lastSeq >= want && c.joinedAfterReconnect) c.resyncedAt = Date.now();
}

async function rejoin(c) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (!c.socket.connected) return;
    const res = await joinAck(c);
    if (res?.ok) {
      take(c, res.messages ?? []);
      c.joinedAfterReconnect = true;
      checkDone(c);
      return;
    }
    c.joinErrors[res?.error?.code ?? 'UNKNOWN'] = (c.joinErrors[res?.error?.code ?? 'UNKNOWN'] ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

function open(url, spec) {
  return new Promise((resolve) => {
    const c = {
      ...spec,
      socket: null,
      lastSeq: 0,
      repeats: 0,
      gaps: 0,
      joinErrors: {},
      connects: 0,
      disconnectedAt: null,
      reconnectedAt: null,
      joinedAfterReconnect: false,
      resyncedAt: null,
      connectErrors: 0,
    };
    // The web app's options: websocket only, socket.io-client's default reconnection backoff.
    const socket = io(url, { auth: { token: spec.token }, transports: ['websocket'], forceNew: true });
    c.socket = socket;
    socket.on('message:new', (m) => {
      if (m.ticketId === c.ticketId) take(c, [m]);
      checkDone(c);
    });
    socket.on('disconnect', (reason) => {
      c.disconnectedAt ??= Date.now();
      // The server cut us off on purpose: socket.io does not retry that by itself (the web app does).
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => c.connectErrors++);
    socket.on('connect', async () => {
      c.connects++;
      if (c.connects === 1) {
        const res = await joinAck(c);
        if (res?.ok) take(c, res.messages ?? []);
        resolve({ c, ok: !!res?.ok, error: res?.error?.code });
        return;
      }
      c.reconnectedAt ??= Date.now();
      c.joinedAfterReconnect = false;
      await rejoin(c);
    });
    setTimeout(() => resolve({ c, ok: false, error: 'CONNECT_TIMEOUT' }), 60_000).unref();
  });
}

async function setup({ url, clients: specs, concurrency = 50 }) {
  let next = 0;
  const errors = {};
  let failed = 0;
  const lane = async () => {
    while (next < specs.length) {
      const { c, ok, error } = await open(url, specs[next++]);
      clients.push(c);
      if (!ok) {
        failed++;
        errors[error] = (errors[error] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, lane));
  return { joined: clients.length - failed, failed, errors, lastSeqs: clients.map((c) => c.lastSeq) };
}

serveWorker({
  setup,
  expect: async ({ expected: e }) => {
    expected = e;
    for (const c of clients) checkDone(c);
    return {};
  },
  status: async () => {
    const joinErrors = {};
    for (const c of clients) for (const [k, v] of Object.entries(c.joinErrors)) joinErrors[k] = (joinErrors[k] ?? 0) + v;
    return {
      clients: clients.length,
      disconnected: clients.filter((c) => c.disconnectedAt).length,
      reconnected: clients.filter((c) => c.reconnectedAt).length,
      resynced: clients.filter((c) => c.resyncedAt).length,
      connected: clients.filter((c) => c.socket.connected).length,
      repeats: clients.reduce((s, c) => s + c.repeats, 0),
      gaps: clients.reduce((s, c) => s + c.gaps, 0),
      connectErrors: clients.reduce((s, c) => s + c.connectErrors, 0),
      joinErrors,
      reconnectTimes: clients.map((c) => c.reconnectedAt).filter(Boolean),
      resyncTimes: clients.map((c) => c.resyncedAt).filter(Boolean),
    };
  },
  close: async () => {
    for (const c of clients) {
      c.socket.removeAllListeners();
      c.socket.close();
    }
    return {};
  },
});
