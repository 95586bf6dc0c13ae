/**
 * The chat outbox on disk: every message a user has sent that the server has not acknowledged yet,
 * kept in localStorage under that user's id so that a reload, a closed tab or a browser restart
 * loses nothing, and another user signing in on the same browser never sees or sends it.
 *
 * Every change re-reads the stored list before writing it back, so tabs of the same user add and
 * remove their own entries without overwriting each other's; `watch` tells a tab when another one
 * changed the list. Storage that is missing, blocked or full (private mode, quota) is not an error:
 * the outbox then lives in memory only, as before.
 *
 * A message the server refused for good (the ticket closed, is no longer the sender's, the text is
 * invalid) stays, marked `refused`, so that every page of the user shows it as not sent, to copy,
 * retry or discard, instead of sending it again on every load to be refused again. A refusal is
 * kept for REFUSED_KEPT_MS: text nobody came back for in that time is dropped, as a mail app
 * empties its outbox of what bounced.
 */

/** Why the server will not store a message, and when it said so. */
export interface Refusal {
  error: string;
  at: string;
}

/** One unacknowledged message, as much as is needed to resend it with its original clientId. */
export interface PendingMessage {
  ticketId: string;
  clientId: string;
  body: string;
  createdAt: string;
  /** Refused with a final error: not sent again until the user retries it. */
  refused?: Refusal;
}

export interface OutboxStore {
  /** The user's unacknowledged messages, oldest first. */
  load(): PendingMessage[];
  /** Answers whether the message is kept in storage (false when storage is missing or full). */
  add(message: PendingMessage): boolean;
  remove(clientId: string): void;
  /** Marks a kept message refused, or (null) waiting to be sent again. */
  mark(clientId: string, refused: Refusal | null): void;
  /** Forgets every stored message of this user. */
  clear(): void;
  /** Calls `changed` whenever another tab changes this user's messages; answers the unsubscribe function. */
  watch(changed: () => void): () => void;
}

/** How long a refused message is kept for its user to copy, retry or discard: a week. */
export const REFUSED_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

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

function browserWindow(): EventTarget | null {
  return typeof window === 'undefined' ? null : window;
}

function isRefusal(x: unknown): x is Refusal {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.error === 'string' && typeof r.at === 'string';
}

function isPending(x: unknown): x is PendingMessage {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.ticketId === 'string' &&
    typeof m.clientId === 'string' &&
    typeof m.body === 'string' &&
    typeof m.createdAt === 'string' &&
    (m.refused === undefined || isRefusal(m.refused))
  );
}

export interface OutboxEnvironment {
  /** Where other tabs' `storage` events arrive (the window). */
  events?: () => EventTarget | null;
  now?: () => number;
}

/** The stored form of a message: its own fields only, whatever else the caller's object holds. */
function entry(m: PendingMessage, refused: Refusal | null | undefined): PendingMessage {
  const { ticketId, clientId, body, createdAt } = m;
  return refused ? { ticketId, clientId, body, createdAt, refused } : { ticketId, clientId, body, createdAt };
}

/** The outbox of `userId` in localStorage (or in `storage`, for tests). */
export function localOutbox(userId: string, storage: () => Storage | null = browserStorage, env: OutboxEnvironment = {}): OutboxStore {
  const key = outboxKey(userId);
  const events = env.events ?? browserWindow;
  const now = env.now ?? Date.now;

  const write = (messages: PendingMessage[]): boolean => {
    try {
      const s = storage();
      if (!s) return false;
      if (messages.length === 0) s.removeItem(key);
      else s.setItem(key, JSON.stringify(messages));
      return true;
    } catch {
      // Full or blocked: the message stays in the in-memory outbox and is still delivered while the page lives.
      return false;
    }
  };

  const read = (): PendingMessage[] => {
    let messages: PendingMessage[];
    try {
      const raw = storage()?.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      messages = Array.isArray(parsed) ? parsed.filter(isPending) : [];
    } catch {
      return [];
    }
    const oldest = now() - REFUSED_KEPT_MS;
    const kept = messages.filter((m) => !m.refused || Date.parse(m.refused.at) > oldest);
    if (kept.length !== messages.length) write(kept);
    return kept;
  };

  const change = (clientId: string, fn: (m: PendingMessage) => PendingMessage | null): void => {
    const messages = read();
    const i = messages.findIndex((m) => m.clientId === clientId);
    if (i < 0) return;
    const next = fn(messages[i]);
    if (next) messages[i] = next;
    else messages.splice(i, 1);
    write(messages);
  };

  return {
    load: read,
    add(message) {
      const messages = read();
      if (messages.some((m) => m.clientId === message.clientId)) return true;
      messages.push(entry(message, message.refused));
      return write(messages);
    },
    remove(clientId) {
      change(clientId, () => null);
    },
    mark(clientId, refused) {
      change(clientId, (m) => entry(m, refused));
    },
    clear() {
      write([]);
    },
    watch(changed) {
      const target = events();
      if (!target) return () => undefined;
      const onStorage = (e: Event) => {
        // A null key: another tab cleared the whole of localStorage.
        const changedKey = (e as StorageEvent).key;
        if (changedKey === key || changedKey === null) changed();
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener('storage', onStorage);
    },
  };
}
