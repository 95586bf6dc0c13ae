/**
 * The chat's timeline: the messages, and between them, at their time, what happened to the ticket
 * ("Ada joined the chat", "Your ticket was passed from Ada to Grace", "Ticket closed by you").
 */
import { Role, TicketEventType } from '@ccr/shared';
import type { TicketEventDto } from '@ccr/shared';

/** A piece of an event line; `name` pieces are user-written and are shown isolated (in a <bdi>). */
export interface LinePart {
  text: string;
  name?: true;
}

export interface EventLine {
  kind: 'event';
  key: string;
  type: TicketEventDto['type'];
  createdAt: string;
  parts: LinePart[];
}

export interface Viewer {
  id: string;
  role: Role;
}

const name = (text: string): LinePart => ({ text, name: true });
const text = (t: string): LinePart => ({ text: t });

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** Someone named in the event's data: "you" for the viewer, their first name, or `fallback`. */
function who(idValue: unknown, nameValue: unknown, viewer: Viewer | null, fallback: string): LinePart {
  const id = str(idValue);
  if (id && viewer && id === viewer.id) return text('you');
  const first = str(nameValue);
  return first ? name(first) : text(fallback);
}

/** The admin who did something: "You", their first name to another admin, "An admin" to the rest. */
function adminActor(actor: NonNullable<TicketEventDto['actor']>, viewer: Viewer | null): LinePart {
  if (viewer?.id === actor.id) return text('You');
  return viewer?.role === Role.ADMIN ? name(actor.firstName) : text('An admin');
}

function capitalised(p: LinePart): LinePart {
  return p.name ? p : { text: p.text.charAt(0).toUpperCase() + p.text.slice(1) };
}

/**
 * The line a chat shows for a ticket event, worded for whoever reads it, or null for events the chat
 * leaves to the ticket's history (raised, rated).
 */
export function describeEvent(e: TicketEventDto, viewer: Viewer | null): LinePart[] | null {
  const d = e.data ?? {};
  const customerView = viewer?.role === Role.CUSTOMER;
  switch (e.type) {
    case TicketEventType.ASSIGNED: {
      const agent = capitalised(who(d.agentId, d.agentName, viewer, 'an agent'));
      return [agent, text(' joined the chat')];
    }
    case TicketEventType.REASSIGNED: {
      const from = who(d.previousAgentId, d.previousAgentName, viewer, 'another agent');
      if (!str(d.agentId)) {
        const ticketWord = customerView ? 'your ticket' : 'the ticket';
        // An admin took it off its agent: say so, rather than that the agent walked away from it.
        if (e.actor?.role === Role.ADMIN) {
          return [adminActor(e.actor, viewer), text(` returned ${ticketWord} to the queue from `), from];
        }
        // Without an actor: the agent was deactivated; someone else will pick it up.
        return [capitalised(from), text(` left the chat; ${ticketWord} is back in the queue`)];
      }
      const to = who(d.agentId, d.agentName, viewer, 'another agent');
      return [text(customerView ? 'Your ticket was passed from ' : 'Ticket passed from '), from, text(' to '), to];
    }
    case TicketEventType.CLOSED: {
      if (!e.actor) return [text('Ticket closed')];
      if (viewer && e.actor.id === viewer.id) return [text('Ticket closed by you')];
      const role = (str(d.by) as Role | null) ?? e.actor.role;
      if (role === Role.ADMIN) return [text('Ticket closed by an admin')];
      if (role === Role.CUSTOMER) return [text('Ticket closed by the customer')];
      return [text('Ticket closed by '), name(e.actor.firstName)];
    }
    default:
      return null;
  }
}

/** The events a chat shows, as lines, oldest first (the server's order is kept for equal times). */
export function eventLines(events: readonly TicketEventDto[], viewer: Viewer | null): EventLine[] {
  const lines: EventLine[] = [];
  for (const e of events) {
    const parts = describeEvent(e, viewer);
    if (parts) lines.push({ kind: 'event', key: `event:${e.id}`, type: e.type, createdAt: e.createdAt, parts });
  }
  // Array.prototype.sort is stable: events of the same instant keep the server's order.
  return lines.sort((a, b) => time(a.createdAt) - time(b.createdAt));
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

export type TimelineEntry<M> = { kind: 'message'; key: string; createdAt: string; item: M } | EventLine;

/**
 * Messages (in the order given: by seq, then the ones still sending) with the event lines put in
 * by time. An event goes before a message of the same instant: the agent joins, then says hello.
 */
export function buildTimeline<M extends { key: string; createdAt: string }>(
  items: readonly M[],
  lines: readonly EventLine[],
): TimelineEntry<M>[] {
  const out: TimelineEntry<M>[] = [];
  let next = 0;
  for (const item of items) {
    const at = time(item.createdAt);
    while (next < lines.length && time(lines[next].createdAt) <= at) out.push(lines[next++]);
    out.push({ kind: 'message', key: item.key, createdAt: item.createdAt, item });
  }
  while (next < lines.length) out.push(lines[next++]);
  return out;
}

/** The line as plain text, for labels and tests. */
export function lineText(parts: readonly LinePart[]): string {
  return parts.map((p) => p.text).join('');
}
