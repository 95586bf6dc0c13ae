/**
 * Chat load generator (one forked process). It holds whole chats — the customer's socket and
 * the agent's socket of every ticket it drives — so send→receive latency is measured with one
 * clock: performance.now() before emit, performance.now() when message:new reaches the peer.
 *
 * Commands: setup {sockets:[{key,url,auth,tickets}], chats:[{ticketId,a,b}]}
 *           step {rate, durationMs, drainMs, bodyBytes} → counts and histograms
 *           close
 */
import { io } from 'socket.io-client';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Hist } from '../lib/hist.mjs';
import { serveWorker } from '../lib/serve-worker.mjs';

const TIMELINE_MS = 250;
const sockets = new Map(); // key -> socket
let chats = []; // { ticketId, a: socket, b: socket, flip }
let pending = new Map(); // clientId -> record
let stats = null;
let stepStart = 0;

function newStats() {
  return {
    sent: 0,
    acked: 0,
    ackErrors: {},
    delivered: 0,
    echoed: 0,
    duplicates: 0,
    misrouted: 0,
    stray: 0,
    disconnects: 0,
    latency: new Hist(), // send → message:new at the peer
    ackLatency: new Hist(), // send → ack
    echoLatency: new Hist(), // send → message:new at the sender's own socket
    lag: new Hist(), // how late the generator emitted against its schedule
    timelineMax: [], // per TIMELINE_MS of send time since the step's start: the longest send→receive
  };
}
stats = newStats();

function finish(rec) {
  if (rec.ackAt !== undefined && rec.peerAt !== undefined && rec.echoAt !== undefined) pending.delete(rec.clientId);
}

function onMessage(socket, m) {
  const now = performance.now();
  const rec = m && pending.get(m.clientId);
  if (!rec) {
    stats.stray++;
    return;
  }
  if (socket === rec.to) {
    if (rec.peerAt !== undefined) stats.duplicates++;
    else {
      rec.peerAt = now;
      stats.delivered++;
      stats.latency.record(now - rec.t0);
      const b = Math.max(0, Math.floor((rec.t0 - stepStart) / TIMELINE_MS));
      stats.timelineMax[b] = Math.max(stats.timelineMax[b] ?? 0, now - rec.t0);
    }
  } else if (socket === rec.from) {
    if (rec.echoAt !== undefined) stats.duplicates++;
    else {
      rec.echoAt = now;
      stats.echoed++;
      stats.echoLatency.record(now - rec.t0);
    }
  } else stats.misrouted++;
  finish(rec);
}

function connect({ key, url, auth }) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`socket ${key}: no connect within 20 s`));
    }, 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(new Error(`socket ${key}: connect_error ${err.message}`));
    });
    socket.on('message:new', (m) => onMessage(socket, m));
    socket.on('disconnect', () => stats.disconnects++);
  });
}

function joinTicket(socket, ticketId) {
  return new Promise((resolve, reject) => {
    socket.timeout(20_000).emit('ticket:join', { ticketId }, (err, res) => {
      if (err) return reject(new Error(`ticket:join ${ticketId}: no ack`));
      if (!res?.ok) return reject(new Error(`ticket:join ${ticketId}: ${JSON.stringify(res?.error)}`));
      resolve();
    });
  });
}

async function setup({ sockets: specs, chats: chatSpecs }) {
  for (const spec of specs) {
    const s = await connect(spec);
    sockets.set(spec.key, s);
    for (const t of spec.tickets) await joinTicket(s, t);
  }
  chats = chatSpecs.map((c) => ({ ticketId: c.ticketId, a: sockets.get(c.a), b: sockets.get(c.b), flip: false }));
  return { sockets: sockets.size, chats: chats.length };
}

function sendOne(chat, body, scheduledAt) {
  const from = chat.flip ? chat.b : chat.a;
  const to = chat.flip ? chat.a : chat.b;
  chat.flip = !chat.flip;
  const clientId = randomUUID();
  const t0 = performance.now();
  stats.lag.record(t0 - scheduledAt);
  const rec = { clientId, t0, from, to, ackAt: undefined, peerAt: undefined, echoAt: undefined };
  pending.set(clientId, rec);
  stats.sent++;
  from.emit('message:send', { ticketId: chat.ticketId, clientId, body }, (res) => {
    const now = performance.now();
    rec.ackAt = now;
    if (res?.ok) {
      stats.acked++;
      stats.ackLatency.record(now - t0);
    } else {
      const code = res?.error?.code ?? 'NO_ACK_PAYLOAD';
      stats.ackErrors[code] = (stats.ackErrors[code] ?? 0) + 1;
      // A refused message is never broadcast: count it as lost, do not wait for it.
      rec.peerAt ??= -1;
      rec.echoAt ??= -1;
    }
    finish(rec);
  });
}

/** Open loop: message i is due at start + i/rate, whatever happened to the previous ones. */
async function step({ rate, durationMs, drainMs, bodyBytes }) {
  stats = newStats();
  pending = new Map();
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const body = 'Bench message: does the registry keep up? '.padEnd(bodyBytes, 'x').slice(0, bodyBytes);
  let next = 0;
  let ci = 0;
  const start = performance.now();
  stepStart = start;
  if (total > 0 && chats.length) {
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor((now - start) / interval) + 1);
        while (next < due) {
          sendOne(chats[ci], body, start + next * interval);
          ci = (ci + 1) % chats.length;
          next++;
        }
        if (next >= total) return resolve();
        setTimeout(tick, Math.max(0, Math.min(4, start + next * interval - performance.now())));
      };
      tick();
    });
  }
  const sendSeconds = (performance.now() - start) / 1000;
  // Wait for every ack and delivery, bounded by drainMs.
  const drainStart = performance.now();
  while (pending.size > 0 && performance.now() - drainStart < drainMs) await new Promise((r) => setTimeout(r, 10));
  let ackMissing = 0;
  for (const rec of pending.values()) if (rec.ackAt === undefined) ackMissing++;
  const result = {
    sent: stats.sent,
    acked: stats.acked,
    ackErrors: stats.ackErrors,
    ackMissing,
    delivered: stats.delivered,
    echoed: stats.echoed,
    duplicates: stats.duplicates,
    misrouted: stats.misrouted,
    stray: stats.stray,
    disconnects: stats.disconnects,
    sendSeconds,
    drainedMs: performance.now() - drainStart,
    latency: stats.latency.toJSON(),
    ackLatency: stats.ackLatency.toJSON(),
    echoLatency: stats.echoLatency.toJSON(),
    lag: stats.lag.toJSON(),
    timeline: { bucketMs: TIMELINE_MS, maxMs: Array.from(stats.timelineMax, (v) => Math.round((v ?? 0) * 10) / 10) },
  };
  pending = new Map();
  return result;
}

/** Counts deliveries that arrive after a step's drain ended (they were already counted as lost). */
async function quiet({ ms }) {
  stats = newStats();
  await new Promise((r) => setTimeout(r, ms));
  return { late: stats.stray };
}

serveWorker({
  setup,
  step,
  quiet,
  close: async () => {
    for (const s of sockets.values()) s.close();
    sockets.clear();
    return {};
  },
});
