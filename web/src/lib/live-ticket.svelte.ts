import { TicketStatus } from '@ccr/shared';
import type { AgentOnlineEvent, TicketDto } from '@ccr/shared';
import { api, ApiError, errorMessage } from './api';
import { realtime } from './socket.svelte';
import { withAgentOnline, withPersonRenamed } from './ticket-presence';

/** One ticket, loaded over REST and kept current by `ticket:updated` and its agent's `agent:online`. */
export class LiveTicket {
  ticket = $state<TicketDto | null>(null);
  status = $state<'loading' | 'ready' | 'not-found' | 'error'>('loading');
  error = $state('');
  /**
   * The server stopped showing a ticket it showed before (an agent it was taken from while offline):
   * the last copy stays on screen, so what was being written there is not swept away with it.
   */
  lost = $state(false);

  constructor(readonly id: string) {}

  /** Call from an $effect; answers the cleanup. */
  start(): () => void {
    void this.load();
    const offUpdated = realtime.on('ticket:updated', (t: TicketDto) => {
      if (t.id === this.id) this.set(t);
    });
    // Customers hear when the agent on their open ticket comes and goes (admins hear `agent:presence`, the same shape).
    const offOnline = realtime.on('agent:online', (e) => this.agentOnline(e));
    const offPresence = realtime.on('agent:presence', (e) => this.agentOnline(e));
    const offRenamed = realtime.on('person:renamed', (e) => {
      const renamed = withPersonRenamed(this.ticket, e);
      if (renamed) this.ticket = renamed;
    });
    const offReconnect = realtime.onReconnect(() => void this.load());
    // Queue positions move as other tickets are assigned; nobody broadcasts that, so poll while waiting.
    const poll = setInterval(() => {
      if (this.ticket?.status === TicketStatus.OPEN) void this.load();
    }, 20_000);
    return () => {
      offUpdated();
      offOnline();
      offPresence();
      offRenamed();
      offReconnect();
      clearInterval(poll);
    };
  }

  set(t: TicketDto): void {
    // The server's updatedAt orders the versions; an older broadcast must not undo a newer answer.
    if (this.ticket && new Date(t.updatedAt).getTime() < new Date(this.ticket.updatedAt).getTime()) return;
    this.ticket = t;
    this.status = 'ready';
    this.lost = false;
  }

  /** The agent's online dot, wherever the ticket is shown; the next copy from the server carries it too. */
  agentOnline(e: AgentOnlineEvent): void {
    const next = withAgentOnline(this.ticket, e);
    if (next) this.ticket = next;
  }

  async load(): Promise<void> {
    try {
      this.set(await api.tickets.get(this.id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && this.ticket) this.lost = true;
      else if (e instanceof ApiError && (e.status === 404 || e.status === 400)) this.status = 'not-found';
      else if (!this.ticket) {
        this.status = 'error';
        this.error = errorMessage(e);
      }
    }
  }
}
