import type { MessagePreview } from '@ccr/shared';

/** A list's line for a ticket's latest message: "You: …" or "Alex: …"; empty when there is none. */
export function previewLine(last: MessagePreview | null | undefined, meId: string | undefined): string {
  if (!last) return '';
  return `${last.sender.id === meId ? 'You' : last.sender.firstName}: ${last.body}`;
}

/** Of two previews of one ticket (the list's and a live message's, or a list just read and one kept live meanwhile), the newer. */
export function newestOf(a: MessagePreview | null | undefined, b: MessagePreview | null | undefined): MessagePreview | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.seq >= b.seq ? a : b;
}
