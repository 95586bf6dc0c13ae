import { Inject, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { ErrorCode, Role, rooms, type AckError, type ClientToServerEvents, type ServerToClientEvents } from '@ccr/shared';
import { isDatabaseDown, mapError } from '../common/error-mapping';
import { validatePayload } from '../common/validation';
import type { AuthUser } from '../auth/auth-user';
import { TokenService } from '../auth/token.service';
import { RealtimeService } from '../realtime/realtime.service';
import { PresenceService } from '../realtime/presence.service';
import { AGENT_ONLINE } from '../assignment/assignment.service';
import { AddressColumnService } from './address-column.service';
import { unauthorized } from '../common/app-error';
import {
  JoinTicketPayload,
  quickSendPayload,
  ReadPayloadDto,
  RefreshTokenPayload,
  SendMessagePayload,
  TicketRefPayload,
  TypingPayloadDto,
} from './messages.dto';

interface SocketData {
  user: AuthUser;
  expiresAt: number;
  expiryTimer?: NodeJS.Timeout;
}
type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Authenticates sockets, joins their rooms, validates payloads and calls the service; no business rules here. */
@WebSocketGateway({ serveClient: false, perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 })
export class AddressColumnGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('AddressColumn');

  constructor(
    private readonly chat: AddressColumnService,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const answered =
      (handler: (socket: ChatSocket, payload: unknown) => Promise<object>): Route =>
      (socket, payload, ack) =>
        void handler(socket, payload).then(ack);
    this.routes = {
      'ticket:join': answered((socket, payload) => this.join(socket, payload)),
      'ticket:leave': answered((socket, payload) => this.leave(socket, payload)),
      'message:send': (socket, payload, ack) => this.send(socket, payload, ack),
      typing: answered((socket, payload) => this.typing(socket, payload)),
      'message:read': answered((socket, payload) => this.read(socket, payload)),
      'auth:refresh': answered((socket, payload) => this.refreshToken(socket, payload)),
    };
  }

  /**
   * The client→server events. One listener per socket dispatches them (Nest's @SubscribeMessage
   * binds an rxjs chain per event per socket: kilobytes of memory and work on every connect).
   */
  private readonly routes: Record<string, Route>;

  /** Payload and ack taken from the arguments as Nest would: the last argument is the ack if it is a function. */
  private dispatch(socket: ChatSocket, event: string, args: unknown[]) {
    const route = Object.prototype.hasOwnProperty.call(this.routes, event) ? this.routes[event] : undefined;
    if (!route) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : unanswered;
    const payload = args.length === 1 ? args[0] : args.length === 0 ? undefined : args;
    route(socket, payload, ack);
  }

  afterInit(server: Server) {
    this.realtime.attach(server, this.config.redisUrl !== null);
    // Guards do not run on the handshake: a bad token is refused here with connect_error "UNAUTHORIZED".
    server.use(async (socket, next) => {
      if (this.chat.draining) return next(new Error(ErrorCode.UNAVAILABLE));
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      let session;
      try {
        session = await this.tokens.verify(token, { forHandshake: true });
      } catch (e) {
        // The token could not be checked (database down): not a reason to sign the user out.
        return next(new Error(isDatabaseDown(e) ? ErrorCode.UNAVAILABLE : ErrorCode.UNAUTHORIZED));
      }
      // The account lookup may be a few seconds old: a revocation learned from any process still wins.
      if (!session || !this.realtime.isCurrent(session.user.id, session.user.tokenVersion)) return next(new Error(ErrorCode.UNAUTHORIZED));
      socket.data.user = session.user;
      this.expireAt(socket as ChatSocket, session.expiresAt);
      next();
    });
  }

  async handleConnection(socket: ChatSocket) {
    const user = socket.data.user;
    if (!user) return socket.disconnect(true);
    socket.onAny((event: string, ...args: unknown[]) => this.dispatch(socket, event, args));
    socket.join(rooms.user(user.id));
    if (user.role === Role.ADMIN) socket.join(rooms.admins);
    if (user.role === Role.AGENT) socket.join(rooms.agents);
    try {
      if ((await this.presence.connected(user.id)) && user.role === Role.AGENT) {
        await this.realtime.agentPresence(user.id, true);
        void this.events.emitAsync(AGENT_ONLINE, { agentId: user.id }).catch(() => undefined);
      }
    } catch (e) {
      this.logger.warn(`presence update failed: ${(e as Error).message}`);
    }
  }

  async handleDisconnect(socket: ChatSocket) {
    const user = socket.data.user;
    if (socket.data.expiryTimer) clearTimeout(socket.data.expiryTimer);
    if (!user) return;
    try {
      const wentOffline = await this.presence.disconnected(user.id);
      if (wentOffline && user.role === Role.AGENT) await this.realtime.agentPresence(user.id, false);
    } catch (e) {
      // Also reached while shutting down, after the database is gone: presence is best effort.
      this.logger.debug(`presence update failed: ${(e as Error).message}`);
    }
  }

  join(socket: ChatSocket, payload: unknown) {
    return this.run(socket, async () => {
      const p = await validatePayload(JoinTicketPayload, payload);
      const result = await this.chat.join(socket.data.user, p.ticketId, p.afterSeq);
      await socket.join(rooms.ticket(result.ticket.id));
      return result;
    });
  }

  leave(socket: ChatSocket, payload: unknown) {
    return this.run(socket, async () => {
      const p = await validatePayload(TicketRefPayload, payload);
      await socket.leave(rooms.ticket(p.ticketId));
      return {};
    });
  }

  /**
   * An ordinary payload from a current session goes straight to the store with callbacks (no promise
   * per message); anything else (a payload for the DTO's messages, an ended session) the general way.
   */
  send(socket: ChatSocket, payload: unknown, ack: Ack) {
    const p = quickSendPayload(payload);
    if (p && this.current(socket)) {
      const answer = ({ message }: { message: object }) => ack({ ok: true, message });
      return this.chat.sendThen(socket.data.user, p.ticketId, p.clientId, p.body, answer, (e) => ack(failure(e)));
    }
    void this.run(socket, async () => {
      const valid = await validatePayload(SendMessagePayload, payload);
      const { message } = await this.chat.send(socket.data.user, valid.ticketId, valid.clientId, valid.body);
      return { message };
    }).then(ack);
  }

  typing(socket: ChatSocket, payload: unknown) {
    return this.run(socket, async () => {
      const p = await validatePayload(TypingPayloadDto, payload);
      const user = socket.data.user;
      await this.chat.assertVisible(user, p.ticketId);
      socket.to(rooms.ticket(p.ticketId)).emit('typing', { ticketId: p.ticketId, userId: user.id, role: user.role, typing: p.typing });
      return {};
    });
  }

  read(socket: ChatSocket, payload: unknown) {
    return this.run(socket, async () => {
      const p = await validatePayload(ReadPayloadDto, payload);
      const user = socket.data.user;
      const seq = await this.chat.markRead(user, p.ticketId, p.seq);
      socket.to(rooms.ticket(p.ticketId)).emit('message:read', { ticketId: p.ticketId, userId: user.id, seq });
      return {};
    });
  }

  /** A socket lives no longer than its token; the client hands it a refreshed one (`auth:refresh`) or reconnects with it. */
  private expireAt(socket: ChatSocket, expiresAt: number) {
    if (socket.data.expiryTimer) clearTimeout(socket.data.expiryTimer);
    socket.data.expiresAt = expiresAt;
    const ttl = expiresAt - Date.now();
    socket.data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(ttl, 2 ** 31 - 1)));
  }

  refreshToken(socket: ChatSocket, payload: unknown) {
    return this.run(socket, async () => {
      const p = await validatePayload(RefreshTokenPayload, payload);
      const session = await this.tokens.verify(p.token);
      // Another user's token never takes over this socket (its rooms are the first user's).
      if (!session || session.user.id !== socket.data.user.id) throw unauthorized('That token is not valid for this connection');
      socket.data.user = session.user;
      this.expireAt(socket, session.expiresAt);
      return { expiresAt: new Date(session.expiresAt).toISOString() };
    });
  }

  /** Every event is acknowledged: `{ok:true, ...}` or `{ok:false, error}`, never an unhandled exception. */
  private async run<T extends object>(socket: ChatSocket, work: () => Promise<T>): Promise<({ ok: true } & T) | AckError> {
    // The session is checked on every event, not only at the handshake.
    if (!this.current(socket)) {
      setImmediate(() => socket.disconnect(true));
      return { ok: false, error: { code: ErrorCode.UNAUTHORIZED, message: 'Your session has ended; sign in again' } };
    }
    try {
      return { ok: true, ...(await work()) };
    } catch (e) {
      return failure(e);
    }
  }

  /** The socket's session has not expired, been revoked or been signed out everywhere. */
  private current(socket: ChatSocket): boolean {
    const { user, expiresAt } = socket.data;
    return !!user && Date.now() < expiresAt && this.realtime.isCurrent(user.id, user.tokenVersion);
  }
}

type Ack = (answer: object) => void;
type Route = (socket: ChatSocket, payload: unknown, ack: Ack) => void;

/** An event sent without an ack function is still handled; its answer goes nowhere. */
const unanswered: Ack = () => undefined;

function failure(e: unknown): AckError {
  const { code, message } = mapError(e);
  return { ok: false, error: { code, message } };
}
