/** The one typed Socket.IO client, its connection state and the chat sync built on it. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, MessageDto, ServerToClientEvents } from '@ccr/shared';
import { api } from './api';
import { ChatSync, type ChatTransport } from './chat-sync';
import { nearExpiry } from './jwt';
import { localOutbox } from './outbox-store';
import { endSession, session } from './session.svelte';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'offline' | 'connecting' | 'connected' | 'reconnecting';

type EventName = keyof ServerToClientEvents;
type Handler<E extends EventName> = ServerToClientEvents[E];

/**
 * An acknowledgement later than this means the link is dead even if the socket has not noticed
 * (a half-open connection: Wi-Fi gone, a phone between cells). The socket is then replaced at once
 * instead of after the heartbeat's 40 seconds, and the outbox resends on the new one.
 */
const ACK_TIMEOUT_MS = 6_000;
/** How long one connection attempt may take before the next is tried. */
const CONNECT_TIMEOUT_MS = 8_000;

class Realtime {
  /** 'reconnecting' once a connection was lost or refused; the banner shows then. */
  state = $state<ConnectionState>('offline');
  private socket: AppSocket | null = null;
  private token: string | null = null;
  private userId: string | null = null;
  private refresher: (() => Promise<string | null>) | null = null;
  private readonly handlers = new Map<EventName, Set<(...args: never[]) => void>>();
  private readonly reconnectHandlers = new Set<() => void>();

  readonly sync: ChatSync;

  constructor() {
    const transport: ChatTransport = {
      isConnected: () => this.socket?.connected ?? false,
      join: (ticketId, afterSeq) =>
        this.watched(
          this.live()
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck('ticket:join', afterSeq === undefined ? { ticketId } : { ticketId, afterSeq }),
        ),
      leave: (ticketId) => this.live().timeout(ACK_TIMEOUT_MS).emitWithAck('ticket:leave', { ticketId }),
      send: (payload) => this.watched(this.live().timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', payload)),
      fetchAfter: async (ticketId, afterSeq, limit) => (await api.tickets.messages(ticketId, afterSeq, limit)).items,
    };
    this.sync = new ChatSync(transport, {
      me: () => {
        const u = session.user;
        return u ? { id: u.id, role: u.role, firstName: u.firstName } : null;
      },
    });
  }

  /** An acknowledgement that never came condemns the connection: reconnect now (the outbox resends). */
  private async watched<T>(ack: Promise<T>): Promise<T> {
    const socket = this.socket;
    try {
      return await ack;
    } catch (e) {
      if (socket && socket === this.socket && socket.connected) {
        this.state = 'reconnecting';
        socket.disconnect().connect();
      }
      throw e;
    }
  }

  /** The browser knows the network is gone before the socket does: say so at once, and reconnect when it is back. */
  private listenToNetwork(): void {
    if (typeof window === 'undefined' || this.networkWatched) return;
    this.networkWatched = true;
    window.addEventListener('offline', () => {
      if (!this.socket) return;
      this.state = 'reconnecting';
      this.socket.disconnect();
    });
    window.addEventListener('online', () => {
      if (this.socket && !this.socket.connected) this.socket.connect();
    });
  }

  private networkWatched = false;

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** The socket, only while connected (emits are never buffered: the outbox resends). */
  private live(): AppSocket {
    if (!this.socket?.connected) throw new Error('Not connected');
    return this.socket;
  }

  /**
   * Connects for this user with this token. The same user with a new (refreshed) token keeps
   * the connection: the socket is handed the token for the rest of its life and for reconnects.
   */
  connect(token: string, userId: string): void {
    if (this.socket && this.userId === userId) {
      this.useToken(token);
      return;
    }
    this.disconnect();
    this.token = token;
    this.userId = userId;
    this.state = 'connecting';
    // This user's unsent messages from earlier pages come back now and go out once connected.
    this.sync.attach(userId, localOutbox(userId));
    const socket: AppSocket = io({ auth: { token }, transports: ['websocket'], timeout: CONNECT_TIMEOUT_MS });
    this.socket = socket;
    this.listenToNetwork();

    let connectedBefore = false;
    let refusals = 0;
    socket.on('connect', () => {
      refusals = 0;
      this.state = 'connected';
      void this.sync.resync();
      if (connectedBefore) for (const fn of this.reconnectHandlers) fn();
      connectedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      if (this.socket !== socket) return;
      this.state = 'reconnecting';
      // The server cut us off on purpose (its token expired, or signed out elsewhere): socket.io
      // does not retry that. Come back with the freshest token; a refused one is handled below.
      if (reason === 'io server disconnect') void this.reconnectWithFreshToken(socket);
    });
    socket.on('connect_error', (err) => {
      if (this.socket !== socket) return;
      this.state = 'reconnecting';
      if (err.message !== 'UNAUTHORIZED') return;
      // Refused at the handshake: a refreshed token may still be had; if not, the session is over.
      refusals++;
      if (refusals > 2 || !this.refresher) {
        this.disconnect();
        endSession();
        return;
      }
      void this.refresher().then((fresh) => {
        if (this.socket !== socket || !fresh) return;
        this.useToken(fresh);
        socket.connect();
      });
    });
    socket.on('message:new', (m: MessageDto) => this.sync.receive(m));
    socket.on('ticket:updated', (t) => this.sync.updateTicket(t));
    socket.on('person:renamed', (e) => this.sync.renamePerson(e));
    for (const [event, set] of this.handlers) {
      for (const fn of set) socket.on(event, fn as Handler<typeof event>);
    }
  }

  /**
   * A token on its way that replaces the current one: a password change ends every session of the
   * user on the server, this socket's too, before it answers with this session's new token. A
   * drop meanwhile waits for that answer and reconnects with the new token, so the page stays
   * signed in (the old one would be refused, and the session ended).
   */
  expectToken(next: Promise<string | null>): void {
    const waiting = next.catch(() => null);
    this.awaitedToken = waiting;
    void waiting.then(() => {
      if (this.awaitedToken === waiting) this.awaitedToken = null;
    });
  }

  private awaitedToken: Promise<string | null> | null = null;

  /** Who refreshes the token when the server refuses or drops us (set by the token keeper). */
  setRefresher(fn: (() => Promise<string | null>) | null): void {
    this.refresher = fn;
  }

  /** Hands the live socket a refreshed token now, and makes every later reconnect use it. */
  private useToken(token: string): void {
    const socket = this.socket;
    if (!socket || token === this.token) return;
    this.token = token;
    socket.auth = { token };
    // A server that knows `auth:refresh` extends this connection's life; one that does not
    // drops it when the old token expires, and the reconnect then carries the new one.
    if (socket.connected) socket.timeout(ACK_TIMEOUT_MS).emit('auth:refresh', { token }, () => undefined);
  }

  private async reconnectWithFreshToken(socket: AppSocket): Promise<void> {
    const awaited = await this.awaitedToken;
    if (awaited && this.socket === socket) this.useToken(awaited);
    else if (this.refresher && nearExpiry(this.token)) await this.refresher();
    if (this.socket !== socket || socket.connected) return;
    socket.auth = { token: this.token };
    socket.connect();
  }

  disconnect(): void {
    const socket = this.socket;
    this.socket = null;
    this.token = null;
    this.userId = null;
    this.state = 'offline';
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }

  /** Signs out of realtime: closes the socket and forgets every thread. */
  reset(): void {
    this.disconnect();
    this.sync.reset();
  }

  /** Subscribes to a server event for as long as the caller wants; survives reconnects and re-sign-ins. */
  on<E extends EventName>(event: E, fn: Handler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    const f = fn as unknown as (...args: never[]) => void;
    set.add(f);
    this.socket?.on(event, fn as never);
    return () => {
      set.delete(f);
      this.socket?.off(event, fn as never);
    };
  }

  /** Runs `fn` after every reconnect (not the first connect), so lists can catch up on what they missed. */
  onReconnect(fn: () => void): () => void {
    this.reconnectHandlers.add(fn);
    return () => {
      this.reconnectHandlers.delete(fn);
    };
  }

  /** Fire-and-forget events (typing, read markers); dropped when offline. */
  typing(ticketId: string, typing: boolean): void {
    if (this.socket?.connected) this.socket.emit('typing', { ticketId, typing }, () => undefined);
  }

  read(ticketId: string, seq: number): void {
    if (this.socket?.connected) this.socket.emit('message:read', { ticketId, seq }, () => undefined);
  }
}

export const realtime = new Realtime();
