/** Unsent message text per ticket, kept while the user switches between chats. */
const drafts = new Map<string, string>();

export function getDraft(ticketId: string): string {
  return drafts.get(ticketId) ?? '';
}

export function setDraft(ticketId: string, text: string): void {
  if (text) drafts.set(ticketId, text);
  else drafts.delete(ticketId);
}

export function clearDrafts(): void {
  drafts.clear();
}
