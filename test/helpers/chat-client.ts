import { io } from 'socket.io-client';
import type { Ack, JoinAnswer, MessageDto, SendPayload } from '@ccr/shared';
import { ChatSync, type ChatTransport } from '../../web/src/lib/chat-sync';
import type { ChatClient } from './socket';

export interface LiveChat {
  sync: ChatSync;
  socket: ChatClient;
  userId: string;
  /** Every message:new this client received, for checking that nothing came twice per socket. */
  received: MessageDto[];
  close(): void;
  /** Points the client at another server process (a balancer sending it elsewhere). */
  moveTo(url: string): void;
}

/**
 * A client built exactly like the web app's: the web's ChatSync (outbox, resync by afterSeq)
 * over a reconnecting socket.io-client, plus REST for history.
 */
export function liveChat(url: string, token: string, me: MessageDto['sender'], ackTimeoutMs = 3000): LiveChat {
  let base = url;
  const make = (u: string): ChatClient =>
    io(u, {
      auth: { token },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      randomizationFactor: 0.2,
      forceNew: true,
    });
  let socket = make(base);
  const received: MessageDto[] = [];
  const transport: ChatTransport = {
    isConnected: () => socket.connected,
    join: (ticketId: string, afterSeq?: number) =>
      (socket.timeout(ackTimeoutMs) as any).emitWithAck(
        'ticket:join',
        afterSeq === undefined ? { ticketId } : { ticketId, afterSeq },
      ) as Promise<Ack<JoinAnswer>>,
    leave: (ticketId: string) => (socket.timeout(ackTimeoutMs) as any).emitWithAck('ticket:leave', { ticketId }),
    send: (payload: SendPayload) =>
      (socket.timeout(ackTimeoutMs) as any).emitWithAck('message:send', payload) as Promise<Ack<{ message: MessageDto }>>,
    fetchAfter: async (ticketId: string, afterSeq: number, limit: number) => {
      const res = await fetch(`${base}/api/tickets/${ticketId}/messages?afterSeq=${afterSeq}&limit=${limit}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`history: ${res.status}`);
      return ((await res.json()) as { items: MessageDto[] }).items;
    },
  };
  const sync = new ChatSync(transport, { me: () => me, retryDelayMs: 200 });
  const wire = (s: ChatClient) => {
    s.on('connect', () => void sync.resync());
    s.on('message:new', (m) => {
      received.push(m);
      sync.receive(m);
    });
    s.on('ticket:updated', (t) => sync.updateTicket(t));
  };
  wire(socket);
  return {
    sync,
    get socket() {
      return socket;
    },
    userId: me.id,
    received,
    close: () => socket.close(),
    moveTo(u: string) {
      socket.close();
      base = u;
      socket = make(u);
      wire(socket);
    },
  };
}
