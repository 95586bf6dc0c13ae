import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type MessagesStoredEvent, type TicketUpdatedEvent } from '../common/domain-events';

/**
 * One value computed by one query at a time (concurrent callers share it), reused while fresh,
 * served while a refresh runs in the background when merely old, and recomputed before it is served
 * again once something it depends on changed in this process.
 */
export class Refreshing<T> {
  private value: { at: number; generation: number; data: T } | null = null;
  private running: { generation: number; promise: Promise<T> } | null = null;
  private generation = 0;

  constructor(
    private readonly compute: () => Promise<T>,
    /** Served as is while younger than this. */
    private readonly freshMs: number,
    /** Served (and refreshed in the background) while younger than this; older ones are recomputed first. */
    private readonly staleMs: number,
  ) {}

  /** Something it depends on changed: the next caller waits for a value computed after this moment. */
  invalidate() {
    this.generation++;
  }

  get(now = Date.now()): Promise<T> {
    const v = this.value;
    if (v && v.generation === this.generation) {
      const age = now - v.at;
      if (age < this.freshMs) return Promise.resolve(v.data);
      if (age < this.staleMs) {
        void this.refresh().catch(() => undefined);
        return Promise.resolve(v.data);
      }
    }
    return this.refresh();
  }

  private refresh(): Promise<T> {
    if (this.running && this.running.generation === this.generation) return this.running.promise;
    const generation = this.generation;
    const at = Date.now();
    const promise = this.compute().then(
      (data) => {
        if (!this.value || this.value.generation <= generation) this.value = { at, generation, data };
        if (this.running?.promise === promise) this.running = null;
        return data;
      },
      (e) => {
        if (this.running?.promise === promise) this.running = null;
        throw e;
      },
    );
    this.running = { generation, promise };
    return promise;
  }
}

/**
 * The dashboard's figures are computed by one query at a time and shared by the requests of a moment:
 * queue and load for 1 s, medians, satisfaction and ratings per agent for 10 s, the day series for
 * 30 s; older ones are served while a refresh runs. A ticket raised, assigned, closed or rated, an
 * agent changed or a first response in this process makes the next request recompute them first;
 * changes made on another process show within those times. Presence is always live.
 */
@Injectable()
export class StatsCache {
  private readonly entries: Refreshing<unknown>[] = [];

  /** A cached computation: fresh for `freshMs`, served stale (refreshing) up to `staleMs`. */
  create<T>(compute: () => Promise<T>, freshMs = 2000, staleMs = 30_000): Refreshing<T> {
    const entry = new Refreshing(compute, freshMs, staleMs);
    this.entries.push(entry as Refreshing<unknown>);
    return entry;
  }

  private invalidateAll() {
    for (const e of this.entries) e.invalidate();
  }

  @OnEvent(DomainEvents.TicketUpdated)
  onTicketUpdated({ change }: TicketUpdatedEvent) {
    if (change === 'closed' || change === 'rated' || change === 'assigned' || change === 'reassigned') this.invalidateAll();
  }

  @OnEvent(DomainEvents.TicketCreated)
  onTicketCreated() {
    this.invalidateAll();
  }

  @OnEvent(DomainEvents.AgentChanged)
  onAgentChanged() {
    this.invalidateAll();
  }

  @OnEvent(DomainEvents.MessagesStored)
  onMessages({ messages }: MessagesStoredEvent) {
    if (messages.some((m) => m.firstResponse)) this.invalidateAll();
  }
}
