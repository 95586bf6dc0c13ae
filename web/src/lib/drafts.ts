/**
 * Unsent message text and the scroll position per ticket, kept while the user switches between chats.
 * Drafts are also kept in the tab's sessionStorage, so a reload (or a phone browser dropping the tab
 * in the background) does not throw away what someone was typing; they go with the tab, and
 * `clearDrafts` at sign-out removes them. Storage that is missing, blocked or full only means the
 * draft lives in memory, as before.
 */
import type { TicketDto } from '@ccr/shared';

const drafts = new Map<string, string>();
const scrolls = new Map<string, ScrollPosition>();
const KEY_PREFIX = 'ccr.draft.';
/** A chat no longer the agent's, as last seen, kept beside its draft so the list can still show it after a reload. */
const DEPARTED_PREFIX = 'ccr.departed.';
const PREFIXES = [KEY_PREFIX, DEPARTED_PREFIX];

export interface ScrollPosition {
  top: number;
  /** The reader was at the newest message: coming back shows the newest again. */
  atBottom: boolean;
}

function tabStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

let storage: () => Storage | null = tabStorage;

/** Keeps drafts in `next` from now on and forgets those held in memory, as a fresh page would (for specs). */
export function useDraftStorage(next: () => Storage | null): void {
  storage = next;
  drafts.clear();
  scrolls.clear();
}

function stored(ticketId: string): string {
  try {
    return storage()?.getItem(KEY_PREFIX + ticketId) ?? '';
  } catch {
    return '';
  }
}

export function getDraft(ticketId: string): string {
  return drafts.get(ticketId) ?? stored(ticketId);
}

export function setDraft(ticketId: string, text: string): void {
  if (text) drafts.set(ticketId, text);
  // An empty entry stands for "cleared", so a stored copy that could not be removed is not read back.
  else drafts.set(ticketId, '');
  try {
    if (text) storage()?.setItem(KEY_PREFIX + ticketId, text);
    else storage()?.removeItem(KEY_PREFIX + ticketId);
  } catch {
    // Full or blocked: the draft stays in memory for this page.
  }
}

export function getScroll(ticketId: string): ScrollPosition | undefined {
  return scrolls.get(ticketId);
}

export function setScroll(ticketId: string, position: ScrollPosition): void {
  scrolls.set(ticketId, position);
}

/** The stored keys that start with one of `prefixes`. */
function storedKeys(s: Storage, prefixes: readonly string[]): string[] {
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (key && prefixes.some((p) => key.startsWith(p))) keys.push(key);
  }
  return keys;
}

export function clearDrafts(): void {
  drafts.clear();
  scrolls.clear();
  try {
    const s = storage();
    if (s) storedKeys(s, PREFIXES).forEach((k) => s.removeItem(k));
  } catch {
    // Nothing stored to remove.
  }
}

interface DepartedEntry {
  /** The agent whose list it was in: another user signing in on the tab never sees it. */
  owner: string;
  ticket: TicketDto;
}

/**
 * Remembers, for the tab, a chat that is no longer `owner`'s while they have a reply kept there: the
 * server no longer shows them the ticket, so after a reload only this copy can put it back in their list.
 */
export function keepDeparted(owner: string, ticket: TicketDto): void {
  try {
    storage()?.setItem(DEPARTED_PREFIX + ticket.id, JSON.stringify({ owner, ticket } satisfies DepartedEntry));
  } catch {
    // Full or blocked: the list keeps it while the page lives.
  }
}

export function forgetDeparted(ticketId: string): void {
  try {
    storage()?.removeItem(DEPARTED_PREFIX + ticketId);
  } catch {
    // Nothing stored to remove.
  }
}

/** The chats `owner` kept with `keepDeparted` in this tab, as last seen. */
export function departedTickets(owner: string): TicketDto[] {
  try {
    const s = storage();
    if (!s) return [];
    const tickets: TicketDto[] = [];
    for (const key of storedKeys(s, [DEPARTED_PREFIX])) {
      const entry = parseDeparted(s.getItem(key));
      if (entry?.owner === owner && entry.ticket.id === key.slice(DEPARTED_PREFIX.length)) tickets.push(entry.ticket);
    }
    return tickets;
  } catch {
    return [];
  }
}

function parseDeparted(raw: string | null): DepartedEntry | null {
  try {
    const entry = JSON.parse(raw ?? 'null') as Partial<DepartedEntry> | null;
    return typeof entry?.owner === 'string' && typeof entry.ticket?.id === 'string' ? (entry as DepartedEntry) : null;
  } catch {
    return null;
  }
}
