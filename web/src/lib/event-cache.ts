import type { TicketEventDto } from '@ccr/shared';

/**
 * The events each chat last loaded, per signed-in user and ticket, for as long as the page lives: coming
 * back to a chat shows its event lines at once, so the reader's scroll position is restored among the
 * same lines it was taken among.
 */
const cache = new Map<string, readonly TicketEventDto[]>();
const key = (userId: string | undefined, ticketId: string) => `${userId ?? ''}:${ticketId}`;

export function recallEvents(userId: string | undefined, ticketId: string): readonly TicketEventDto[] | undefined {
  return cache.get(key(userId, ticketId));
}

export function rememberEvents(userId: string | undefined, ticketId: string, events: readonly TicketEventDto[]): void {
  cache.set(key(userId, ticketId), events);
}
