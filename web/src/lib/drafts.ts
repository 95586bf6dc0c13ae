/**
 * Unsent message text and the scroll position per ticket, kept while the user switches between chats.
 * Drafts are also kept in the tab's sessionStorage, so a reload (or a phone browser dropping the tab
 * in the background) does not throw away what someone was typing; they go with the tab, and
 * `clearDrafts` at sign-out removes them. Storage that is missing, blocked or full only means the
 * draft lives in memory, as before.
 */
const drafts = new Map<string, string>();
const scrolls = new Map<string, ScrollPosition>();
const KEY_PREFIX = 'ccr.draft.';

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

export function clearDrafts(): void {
  drafts.clear();
  scrolls.clear();
  try {
    const s = storage();
    if (!s) return;
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (key?.startsWith(KEY_PREFIX)) keys.push(key);
    }
    keys.forEach((k) => s.removeItem(k));
  } catch {
    // Nothing stored to remove.
  }
}
