/**
 * What an agent's open chat says once the ticket is no longer theirs, instead of the composer: an
 * admin passed it to someone else, it went back to the queue, or (when the page only learns it from
 * the server refusing to show the ticket any more, e.g. after being offline) that it is not theirs.
 */
import type { TicketDto } from '@ccr/shared';
import type { ChatItem } from './chat-sync';
import type { LinePart } from './timeline';

/**
 * The notice for `meId`, whose chat shows `ticket`, or null while the ticket is still theirs.
 * `lost`: the server no longer shows the ticket to them, whatever the last copy of it says.
 */
export function handoverNotice(ticket: Pick<TicketDto, 'agent'>, meId: string, lost: boolean): LinePart[] | null {
  const agent = ticket.agent;
  if (agent && agent.id !== meId) return [{ text: 'This ticket was passed to ' }, { text: agent.firstName, name: true }, { text: '.' }];
  if (!agent) return [{ text: 'This ticket went back to the queue.' }];
  return lost ? [{ text: 'This ticket is no longer assigned to you.' }] : null;
}

/**
 * What the user wrote there and could not send, to copy: their messages the server refused (oldest
 * first), then the draft, a blank line between each; empty when there is nothing.
 */
export function unsentReplyText(items: readonly ChatItem[], draft: string): string {
  const refused = items.filter((i) => i.mine && i.state === 'failed').map((i) => i.body);
  return [...refused, draft.trim()].filter(Boolean).join('\n\n');
}
