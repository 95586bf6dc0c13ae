/**
 * The chat outbox on disk: every message a user has sent that the server has not acknowledged yet,
 * kept in localStorage under that user's id so that a reload, a closed tab or a browser restart
 * loses nothing, and another user signing in on the same browser never sees or sends it.
 *
 * Each message has a key of its own (the user's prefix and its clientId), so that tabs of the same
 * user add, mark and remove messages without ever writing one another's: a browser gives each tab
 * its own copy of localStorage and only later passes on another tab's writes, so a stored list that
 * two tabs read, changed and wrote back in the same instant would keep only one of their changes.
 * `watch` tells a tab when another one changed any of the user's messages. Storage that is missing,
 * blocked or full (private mode, quota) is not an error: the outbox then lives in memory only.
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

/**
 * The localStorage key under which earlier versions kept one user's whole outbox as a single list;
 * read once, moved to a key per message and removed.
 */
export function outboxKey(userId: string): string {
  return `${KEY_PREFIX}${userId}`;
}

/** The localStorage key of one of the user's messages. */
export function outboxMessageKey(userId: string, clientId: string): string {
  return `${outboxKey(userId)}.${clientId}`;
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
  const listKey = outboxKey(userId);
  const prefix = `${listKey}.`;
  const keyOf = (clientId: string) => outboxMessageKey(userId, clientId);
  const events = env.events ?? browserWindow;
  const now = env.now ?? Date.now;

  /** Runs `fn` on the storage; answers false when there is none or it throws (blocked, full). */
  const attempt = (fn: (s: Storage) => void): boolean => {
    try {
      const s = storage();
      if (!s) return false;
      fn(s);
      return true;
    } catch {
      // The message stays in the in-memory outbox and is still delivered while the page lives.
      return false;
    }
  };

  const parse = (raw: string | null): unknown => {
    try {
      return raw === null ? null : JSON.parse(raw);
    } catch {
      return null;
    }
  };

  const get = (s: Storage, clientId: string): PendingMessage | null => {
    const m = parse(s.getItem(keyOf(clientId)));
    return isPending(m) && m.clientId === clientId ? m : null;
  };

  const put = (s: Storage, m: PendingMessage): void => s.setItem(keyOf(m.clientId), JSON.stringify(m));

  /** The user's keys, each message's own and the old list's. */
  const ownKeys = (s: Storage): string[] => {
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k !== null && (k === listKey || k.startsWith(prefix))) keys.push(k);
    }
    return keys;
  };

  /** Moves a list kept by an earlier version to a key per message (what is already there wins). */
  const migrate = (s: Storage): void => {
    const raw = s.getItem(listKey);
    if (raw === null) return;
    const list = parse(raw);
    for (const m of Array.isArray(list) ? list.filter(isPending) : []) {
      if (!get(s, m.clientId)) put(s, entry(m, m.refused));
    }
    s.removeItem(listKey);
  };

  const read = (): PendingMessage[] => {
    const messages: PendingMessage[] = [];
    attempt((s) => {
      migrate(s);
      const oldest = now() - REFUSED_KEPT_MS;
      for (const k of ownKeys(s)) {
        const m = get(s, k.slice(prefix.length));
        if (m && (!m.refused || Date.parse(m.refused.at) > oldest)) messages.push(m);
        // Garbage, or a refusal nobody came back for in a week.
        else s.removeItem(k);
      }
    });
    // Oldest first; storage keeps no order of its own.
    return messages.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.clientId, b.clientId));
  };

  return {
    load: read,
    add(message) {
      return attempt((s) => {
        if (!get(s, message.clientId)) put(s, entry(message, message.refused));
      });
    },
    remove(clientId) {
      attempt((s) => s.removeItem(keyOf(clientId)));
    },
    mark(clientId, refused) {
      attempt((s) => {
        const m = get(s, clientId);
        // Gone: acknowledged or discarded meanwhile, and not to be brought back by a late refusal.
        if (m) put(s, entry(m, refused));
      });
    },
    clear() {
      attempt((s) => {
        for (const k of ownKeys(s)) s.removeItem(k);
      });
    },
    watch(changed) {
      const target = events();
      if (!target) return () => undefined;
      const onStorage = (e: Event) => {
        // A null key: another tab cleared the whole of localStorage.
        const k = (e as StorageEvent).key;
        if (k === null || k === listKey || k.startsWith(prefix)) changed();
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener('storage', onStorage);
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
