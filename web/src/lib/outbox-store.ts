/**
 * The chat outbox on disk: every message a user has sent that the server has not acknowledged yet,
 * kept in localStorage under that user's id so that a reload, a closed tab or a browser restart
 * loses nothing, and another user signing in on the same browser never sees or sends it.
 *
 * Every change re-reads the stored list before writing it back, so tabs of the same user add and
 * remove their own entries without overwriting each other's. Storage that is missing, blocked or
 * full (private mode, quota) is not an error: the outbox then lives in memory only, as before.
 */

/** One unacknowledged message, as much as is needed to resend it with its original clientId. */
export interface PendingMessage {
  ticketId: string;
  clientId: string;
  body: string;
  createdAt: string;
}

export interface OutboxStore {
  /** The user's unacknowledged messages, oldest first. */
  load(): PendingMessage[];
  add(message: PendingMessage): void;
  remove(clientId: string): void;
  /** Forgets every stored message of this user. */
  clear(): void;
}

const KEY_PREFIX = 'ccr.outbox.';

/** The localStorage key of one user's outbox. */
export function outboxKey(userId: string): string {
  return `${KEY_PREFIX}${userId}`;
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function isPending(x: unknown): x is PendingMessage {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return typeof m.ticketId === 'string' && typeof m.clientId === 'string' && typeof m.body === 'string' && typeof m.createdAt === 'string';
}

/** The outbox of `userId` in localStorage (or in `storage`, for tests). */
export function localOutbox(userId: string, storage: () => Storage | null = browserStorage): OutboxStore {
  const key = outboxKey(userId);

  const read = (): PendingMessage[] => {
    try {
      const raw = storage()?.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isPending) : [];
    } catch {
      return [];
    }
  };

  const write = (messages: PendingMessage[]): void => {
    try {
      const s = storage();
      if (!s) return;
      if (messages.length === 0) s.removeItem(key);
      else s.setItem(key, JSON.stringify(messages));
    } catch {
      // Full or blocked: the message stays in the in-memory outbox and is still delivered while the page lives.
    }
  };

  return {
    load: read,
    add(message) {
      const messages = read();
      if (messages.some((m) => m.clientId === message.clientId)) return;
      const { ticketId, clientId, body, createdAt } = message;
      messages.push({ ticketId, clientId, body, createdAt });
      write(messages);
    },
    remove(clientId) {
      const messages = read();
      const rest = messages.filter((m) => m.clientId !== clientId);
      if (rest.length !== messages.length) write(rest);
    },
    clear() {
      write([]);
    },
  };
}
