/** What the auto-assignment policy needs to know about an agent. */
export interface Candidate {
  userId: string;
  expertise: string[];
  maxConcurrent: number;
  active: boolean;
  away: boolean;
  online: boolean;
  openTickets: number;
  lastAssignedAt: Date | null;
}

/** An agent can take a ticket when active, online and not away, expert in its category (or a generalist) and below capacity. */
export function isEligible(agent: Candidate, category: string): boolean {
  if (!agent.active || !agent.online || agent.away || agent.openTickets >= agent.maxConcurrent) return false;
  if (agent.expertise.length === 0) return true;
  const wanted = category.toLowerCase();
  return agent.expertise.some((c) => c.toLowerCase() === wanted);
}

/**
 * The eligible agents for a category, best first: fewest open tickets, then the longest since
 * their last assignment (never assigned counts as longest). Agents in `excluded` (those an admin
 * returned the ticket to the queue from) are left out: the policy never undoes an admin's decision.
 */
export function rankCandidates(agents: Candidate[], category: string, excluded: ReadonlySet<string> = new Set()): Candidate[] {
  return agents
    .filter((a) => isEligible(a, category) && !excluded.has(a.userId))
    .sort(
      (a, b) =>
        a.openTickets - b.openTickets ||
        (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
        a.userId.localeCompare(b.userId),
    );
}
