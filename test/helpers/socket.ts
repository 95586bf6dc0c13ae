import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@ccr/shared';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects as a client would; resolves once connected, rejects with the connect_error message. */
export function connect(url: string, token: string | undefined, opts: { reconnection?: boolean } = {}): Promise<ChatClient> {
  const socket: ChatClient = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an acknowledgement and a time limit. */
export function ack<E extends keyof ClientToServerEvents>(
  socket: ChatClient,
  event: E,
  payload: unknown,
  timeoutMs = 5000,
): Promise<any> {
  return (socket.timeout(timeoutMs) as any).emitWithAck(event, payload);
}

/** The next `event` matching `match`, or a rejection after the time limit. */
export function next<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const handler = (payload: any) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as any);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler as any);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler as any);
  });
}

/** Collects every payload of an event, for asserting what arrived (and that nothing arrived twice). */
export function collect<E extends keyof ServerToClientEvents>(socket: ChatClient, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: any[] = [];
  socket.on(event, ((payload: any) => seen.push(payload)) as any);
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads until the condition holds or `ms` pass, and answers the last value read: the caller's
 * assertion on it then fails with what was there (for work that runs after an HTTP answer).
 */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(everyMs);
  }
}
