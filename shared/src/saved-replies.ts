import type { PersonRef, SavedReplyDto } from './dto';
import { SavedReplyScope } from './enums';

/** A shortcut as typed after "/": lowercase letters, digits, "-" and "_", starting with a letter or digit. */
export const SAVED_REPLY_SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** What a saved reply may say in double braces, filled in the composer when the reply is inserted. */
export const PLACEHOLDERS = {
  'customer.firstName': "The customer's first name",
  'customer.name': "The customer's full name",
  'agent.firstName': 'Your first name',
  'agent.name': 'Your full name',
  'ticket.number': "The ticket's number",
  'ticket.subject': "The ticket's subject",
  'ticket.category': "The ticket's category",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);
}

/** The names in double braces that are not placeholders (each once, in order), which the server refuses. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER_PATTERN)) if (!isPlaceholder(match[1])) unknown.add(match[1]);
  return [...unknown];
}

/** The body with every placeholder replaced by its value; anything else in braces stays as written. */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(PLACEHOLDER_PATTERN, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole));
}

/** The values of a chat: its ticket, its customer and the agent writing. */
export function placeholderValues(
  ticket: { number: number; subject: string; category: string; customer: PersonRef },
  agent: { firstName: string; lastName: string },
): PlaceholderValues {
  return {
    'customer.firstName': ticket.customer.firstName,
    'customer.name': `${ticket.customer.firstName} ${ticket.customer.lastName}`,
    'agent.firstName': agent.firstName,
    'agent.name': `${agent.firstName} ${agent.lastName}`,
    'ticket.number': `#${ticket.number}`,
    'ticket.subject': ticket.subject,
    'ticket.category': ticket.category,
  };
}

/** By shortcut (code point order, the same on every database and browser), an agent's own before the team's. */
export function compareSavedReplies(a: Pick<SavedReplyDto, 'shortcut' | 'scope'>, b: Pick<SavedReplyDto, 'shortcut' | 'scope'>): number {
  if (a.shortcut !== b.shortcut) return a.shortcut < b.shortcut ? -1 : 1;
  return Number(a.scope === SavedReplyScope.TEAM) - Number(b.scope === SavedReplyScope.TEAM);
}

/**
 * The "/query" being typed just before the caret: at the start of the text or after a space or line
 * break, so "and/or" and links never open the list. `start` is where the "/" is.
 */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(before);
  if (!match) return null;
  return { start: before.length - match[2].length - 1, query: match[2].toLowerCase() };
}

/**
 * The replies that match what was typed after "/", best first: the shortcut itself, then shortcuts
 * that start with it, then titles with a word that starts with it, then shortcuts or titles that
 * contain it. An agent's own reply comes before the team's of the same rank. Nothing typed: all of
 * them, by shortcut.
 */
export function matchSavedReplies<T extends Pick<SavedReplyDto, 'shortcut' | 'title' | 'scope'>>(
  replies: readonly T[],
  query: string,
): T[] {
  const q = query.trim().toLowerCase();
  const rank = (reply: T): number => {
    if (!q) return 0;
    const shortcut = reply.shortcut.toLowerCase();
    const title = reply.title.toLowerCase();
    if (shortcut === q) return 0;
    if (shortcut.startsWith(q)) return 1;
    if (title.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(q))) return 2;
    if (shortcut.includes(q) || title.includes(q)) return 3;
    return -1;
  };
  return replies
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter((r) => r.rank >= 0)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(a.reply.scope === SavedReplyScope.TEAM) - Number(b.reply.scope === SavedReplyScope.TEAM) ||
        compareSavedReplies(a.reply, b.reply),
    )
    .map((r) => r.reply);
}
