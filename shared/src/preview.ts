import { LIMITS } from './limits';
import type { MessageDto, MessagePreview } from './dto';

/**
 * A message body as a list previews it: at most `LIMITS.messagePreviewLength` characters (code points,
 * as MySQL and SQLite count them, so an emoji is never split), ending in "…" when cut.
 */
export function previewBody(body: string): string {
  const max = LIMITS.messagePreviewLength;
  if (body.length <= max) return body;
  const chars = Array.from(body);
  if (chars.length <= max) return body;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** The preview of a message the client holds (a live `message:new`), as the server fills `TicketDto.lastMessage`. */
export function messagePreview(message: MessageDto): MessagePreview {
  const { seq, sender, body, createdAt } = message;
  return { seq, sender: { id: sender.id, role: sender.role, firstName: sender.firstName }, body: previewBody(body), createdAt };
}
