/** Unsent message text and the scroll position per ticket, kept while the user switches between chats. */
const drafts = new Map<string, string>();
const scrolls = new Map<string, ScrollPosition>();

export interface ScrollPosition {
  top: number;
  /** The reader was at the newest message: coming back shows the newest again. */
  atBottom: boolean;
}

export function getDraft(ticketId: string): string {
  return drafts.get(ticketId) ?? '';
}

export function setDraft(ticketId: string, text: string): void {
  if (text) drafts.set(ticketId, text);
  else drafts.delete(ticketId);
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
}
