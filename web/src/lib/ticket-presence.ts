import type { AgentOnlineEvent, TicketDto } from '@ccr/shared';

/**
 * The ticket with its agent's online state as `agent:online` (or the admins' `agent:presence`) says,
 * or null when the event is about someone else or changes nothing.
 */
export function withAgentOnline(ticket: TicketDto | null, { agentId, online }: AgentOnlineEvent): TicketDto | null {
  if (!ticket?.agent || ticket.agent.id !== agentId || ticket.agent.online === online) return null;
  return { ...ticket, agent: { ...ticket.agent, online } };
}
