/**
 * The ceiling: a bare Socket.IO 4.8 relay with no authentication and no storage that speaks
 * the registry's chat events, so the same client code drives both.
 *
 *   ticket:join  {ticketId}                 joins room ticket:<id>, acks {ok, ticket, messages: []}
 *   message:send {ticketId, clientId, body} acks {ok, message} and emits message:new to the room
 *                                           (the sender's socket included, as the registry does)
 *
 * Run alone: PORT=4000 node bench/relay.mjs  (GET /health answers 200)
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

const http = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(404);
  res.end();
});

// The same transport settings as the registry's gateway: no per-message deflate, 64 KB frames.
const io = new Server(http, { serveClient: false, perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });

const seqs = new Map(); // ticketId -> last seq, so messages look like the registry's

io.on('connection', (socket) => {
  const auth = socket.handshake.auth ?? {};
  const sender = { id: String(auth.userId ?? socket.id), role: String(auth.role ?? 'CUSTOMER'), firstName: String(auth.firstName ?? '') };

  socket.on('ticket:join', (payload, ack) => {
    const ticketId = payload?.ticketId;
    if (typeof ticketId !== 'string') return typeof ack === 'function' && ack({ ok: false, error: { code: 'VALIDATION', message: 'ticketId' } });
    socket.join(`ticket:${ticketId}`);
    if (typeof ack === 'function') ack({ ok: true, ticket: { id: ticketId, lastSeq: seqs.get(ticketId) ?? 0 }, messages: [] });
  });

  socket.on('ticket:leave', (payload, ack) => {
    if (typeof payload?.ticketId === 'string') socket.leave(`ticket:${payload.ticketId}`);
    if (typeof ack === 'function') ack({ ok: true });
  });

  socket.on('message:send', (payload, ack) => {
    const { ticketId, clientId, body } = payload ?? {};
    if (typeof ticketId !== 'string' || typeof clientId !== 'string' || typeof body !== 'string') {
      return typeof ack === 'function' && ack({ ok: false, error: { code: 'VALIDATION', message: 'bad payload' } });
    }
    const seq = (seqs.get(ticketId) ?? 0) + 1;
    seqs.set(ticketId, seq);
    const message = { id: randomUUID(), ticketId, seq, clientId, sender, body, createdAt: new Date().toISOString() };
    // The registry broadcasts, then acknowledges; same order here.
    io.to(`ticket:${ticketId}`).emit('message:new', message);
    if (typeof ack === 'function') ack({ ok: true, message });
  });
});

http.listen(port, host, () => console.log(`relay listening on http://${host}:${port}`));

const stop = () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
