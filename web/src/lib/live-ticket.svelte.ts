import { TicketStatus } from '@ccr/shared';
import type { TicketDto } from '@ccr/shared';
import { api, ApiError, errorMessage } from './api';
import { realtime } from './socket.svelte';

/** One ticket, loaded over REST and kept current by `ticket:updated`. */
export class LiveTicket {
  ticket = $state<TicketDto | null>(null);
  status = $state<'loading' | 'ready' | 'not-found' | 'error'>('loading');
  error = $state('');

  constructor(readonly id: string) {}

  /** Call from an $effect; answers the cleanup. */
  start(): () => void {
    void this.load();
    const offUpdated = realtime.on('ticket:updated', (t: TicketDto) => {
      if (t.id === this.id) this.set(t);
    });
    const offReconnect = realtime.onReconnect(() => void this.load());
    // Queue positions move as other tickets are assigned; nobody broadcasts that, so poll while waiting.
    const poll = setInterval(() => {
      if (this.ticket?.status === TicketStatus.OPEN) void this.load();
    }, 20_000);
    return () => {
      offUpdated();
      offReconnect();
      clearInterval(poll);
    };
  }

  set(t: TicketDto): void {
    // The server's updatedAt orders the versions; an older broadcast must not undo a newer answer.
    if (this.ticket && new Date(t.updatedAt).getTime() < new Date(this.ticket.updatedAt).getTime()) return;
    this.ticket = t;
    this.status = 'ready';
  }

  async load(): Promise<void> {
    try {
      this.set(await api.tickets.get(this.id));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) this.status = 'not-found';
      else if (!this.ticket) {
        this.status = 'error';
        this.error = errorMessage(e);
      }
    }
  }
}
