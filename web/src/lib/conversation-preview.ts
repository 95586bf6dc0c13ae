/**
 * The line under a conversation in the agent's list. What the agent left there comes first, as in
 * Slack and Chatwoot: a draft they have not sent ("Draft: …"), then a message still on its way
 * ("Sending: …", e.g. while offline) or one that could not be sent ("Not sent: …"); otherwise the
 * last message of the conversation.
 */
import { previewBody, type MessagePreview } from '@ccr/shared';
import type { ChatItem } from './chat-sync';
import { previewLine } from './message-preview';

/** The agent's own message that the server has not stored (yet). */
export interface Outgoing {
  body: string;
  state: 'sending' | 'failed';
}

export type ConversationPreview =
  { kind: 'draft' | 'sending' | 'failed'; label: string; text: string } | { kind: 'message'; label: null; text: string };

const LABELS = { draft: 'Draft:', sending: 'Sending:', failed: 'Not sent:' } as const;

/** Line breaks and runs of spaces read as one space in a one-line preview. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function conversationPreview(input: {
  draft?: string | null;
  outgoing?: Outgoing | null;
  last?: MessagePreview | null;
  meId?: string;
}): ConversationPreview | null {
  const draft = oneLine(input.draft ?? '');
  if (draft) return { kind: 'draft', label: LABELS.draft, text: previewBody(draft) };
  const out = input.outgoing;
  if (out) return { kind: out.state, label: LABELS[out.state], text: previewBody(oneLine(out.body)) };
  if (input.last) return { kind: 'message', label: null, text: previewLine(input.last, input.meId) };
  return null;
}

/**
 * Of a chat's items, the unsent message to show: a failed one first (it waits for the agent to
 * retry or discard it), else the newest still sending; null when everything is stored.
 */
export function outgoingOf(items: readonly ChatItem[]): Outgoing | null {
  let sending: Outgoing | null = null;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.state === 'failed') return { body: item.body, state: 'failed' };
    if (item.state === 'sending' && !sending) sending = { body: item.body, state: 'sending' };
  }
  return sending;
}

/** The newest stored message of a chat's items, as a list preview; null when none is stored. */
export function lastStoredOf(items: readonly ChatItem[]): MessagePreview | null {
  let last: ChatItem | null = null;
  for (const item of items) if (item.seq !== null && (!last || item.seq > (last.seq ?? 0))) last = item;
  if (!last || last.seq === null) return null;
  const { seq, sender, body, createdAt } = last;
  return { seq, sender: { id: sender.id, role: sender.role, firstName: sender.firstName }, body: previewBody(body), createdAt };
}
