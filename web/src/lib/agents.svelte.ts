import type { AgentDto, PresenceEvent, TicketDto } from '@ccr/shared';
import { api, errorMessage } from './api';
import { realtime } from './socket.svelte';

/** The admin's live view of the agents: loaded over REST, presence and load kept current by events. */
export class LiveAgents {
  items = $state<AgentDto[]>([]);
  loaded = $state(false);
  error = $state('');

  start(): () => void {
    void this.load();
    const offPresence = realtime.on('agent:presence', (ev: PresenceEvent) => {
      const i = this.items.findIndex((a) => a.id === ev.agentId);
      if (i >= 0) this.items[i] = { ...this.items[i], online: ev.online, openTickets: ev.openTickets };
    });
    // An agent created, edited, deactivated or activated (here, in another tab or by another admin).
    const offSaved = realtime.on('agent:updated', (agent: AgentDto) => {
      this.items = upsertAgent(this.items, agent);
    });
    // Assignments and closes change the load; a cheap reload keeps the numbers honest.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const offUpdated = realtime.on('ticket:updated', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.load(), 400);
    });
    const offReconnect = realtime.onReconnect(() => void this.load());
    return () => {
      offPresence();
      offSaved();
      offUpdated();
      offReconnect();
      if (timer) clearTimeout(timer);
    };
  }

  async load(): Promise<void> {
    try {
      this.items = (await api.agents.list()).items;
      this.error = '';
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loaded = true;
    }
  }
}

/** The list with `agent` in it: in place of its old copy, or added at the end when new. */
export function upsertAgent(items: readonly AgentDto[], agent: AgentDto): AgentDto[] {
  const i = items.findIndex((a) => a.id === agent.id);
  return i < 0 ? [...items, agent] : items.map((a, j) => (j === i ? agent : a));
}

/** Whether an agent could take a ticket, and the best one to suggest. */
export function fits(agent: AgentDto, ticket: TicketDto): boolean {
  return agent.expertise.length === 0 || agent.expertise.includes(ticket.category);
}

export function suggest(agents: readonly AgentDto[], ticket: TicketDto): AgentDto | null {
  const candidates = agents
    .filter((a) => a.active && a.id !== ticket.agent?.id)
    .map((a) => ({
      a,
      score:
        (a.online ? 0 : 1000) +
        (a.away ? 800 : 0) +
        (a.openTickets < a.maxConcurrent ? 0 : 500) +
        (fits(a, ticket) ? 0 : 100) +
        a.openTickets,
    }))
    .sort((x, y) => x.score - y.score);
  return candidates[0]?.a ?? null;
}

/**
 * What speaks against giving `ticket` to `a`, as a sentence ("Grace Agent is not an expert in
 * Electronics and offline."), or null when nothing does. The select's option labels say the same at
 * their end, which a narrow select cuts off.
 */
export function agentWarning(a: AgentDto, ticket: TicketDto): string | null {
  const problems: string[] = [];
  if (!fits(a, ticket)) problems.push(`not an expert in ${ticket.category}`);
  if (!a.active) problems.push('inactive');
  if (!a.online) problems.push('offline');
  else if (a.away) problems.push('away (taking no new chats)');
  if (a.openTickets >= a.maxConcurrent) problems.push(`at capacity (${a.openTickets}/${a.maxConcurrent})`);
  if (problems.length === 0) return null;
  const list = problems.length === 1 ? problems[0] : `${problems.slice(0, -1).join(', ')} and ${problems[problems.length - 1]}`;
  return `${a.firstName} ${a.lastName} is ${list}.`;
}

/** "online", "away" (online, taking no new chats) or "offline". */
export function presenceWord(a: Pick<AgentDto, 'online' | 'away'>): 'online' | 'away' | 'offline' {
  return !a.online ? 'offline' : a.away ? 'away' : 'online';
}

export const PRESENCE_LABEL = { online: 'Online', away: 'Away', offline: 'Offline' } as const;

export function agentOptionLabel(a: AgentDto, ticket: TicketDto): string {
  const parts = [`${a.firstName} ${a.lastName}`, presenceWord(a), `${a.openTickets}/${a.maxConcurrent}`];
  if (!fits(a, ticket)) parts.push('other expertise');
  if (!a.active) parts.push('inactive');
  return parts.join(' · ');
}
