import type { AgentOnlineEvent, PersonRenamedEvent, TicketDto } from '@ccr/shared';

/**
 * The ticket with its agent's online state as `agent:online` (or the admins' `agent:presence`) says,
 * or null when the event is about someone else or changes nothing.
 */
export function withAgentOnline(ticket: TicketDto | null, { agentId, online }: AgentOnlineEvent): TicketDto | null {
  if (!ticket?.agent || ticket.agent.id !== agentId || ticket.agent.online === online) return null;
  return { ...ticket, agent: { ...ticket.agent, online } };
}

/** The ticket with its customer's or agent's new name (`person:renamed`), or null when it is about someone else or changes nothing. */
export function withPersonRenamed(ticket: TicketDto | null, { userId, firstName, lastName }: PersonRenamedEvent): TicketDto | null {
  if (!ticket) return null;
  const same = (p: { firstName: string; lastName: string }) => p.firstName === firstName && p.lastName === lastName;
  if (ticket.customer.id === userId && !same(ticket.customer)) return { ...ticket, customer: { ...ticket.customer, firstName, lastName } };
  if (ticket.agent?.id === userId && !same(ticket.agent)) return { ...ticket, agent: { ...ticket.agent, firstName, lastName } };
  return null;
}

/** A list of tickets with one person's new name, the same array when nobody in it is renamed. */
export function listWithPersonRenamed<T extends TicketDto>(tickets: T[], event: PersonRenamedEvent): T[] {
  let changed = false;
  const next = tickets.map((t) => {
    const renamed = withPersonRenamed(t, event);
    if (!renamed) return t;
    changed = true;
    return renamed as T; // a copy of t, its own fields included
  });
  return changed ? next : tickets;
}
