import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import { StatsController } from './stats.controller';
import { StatsCache } from './stats-cache.service';

/** A query builder whose every method chains and whose results come from `rows()`. */
function builder(rows: () => Promise<unknown>): unknown {
  const b: unknown = new Proxy({}, { get: (_, key) => (key === 'getRawMany' || key === 'getRawOne' ? rows : () => b) });
  return b;
}

describe('GET /stats: old figures are served while they refresh', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers at once with the last charts while their 30-second recomputation is still running', async () => {
    let hang = false;
    const never = new Promise<never>(() => undefined);
    const raw = () => (hang ? never : Promise.resolve([]));
    const tickets = { count: async () => 0, findOne: async () => null, createQueryBuilder: () => builder(raw) };
    const ratings = { createQueryBuilder: () => builder(async () => ({ avg: null })) };
    const profiles = { find: async () => [] };
    const presence = { onlineMap: async () => new Map() };
    const users = { ratingsByAgent: async () => new Map() };
    const controller = new StatsController(
      tickets as never,
      ratings as never,
      profiles as never,
      presence as never,
      users as never,
      new StatsCache(),
    );
    const t0 = Date.now();
    const first = await controller.stats();
    expect(first.ticketsPerDay).toHaveLength(14);

    // 31 s later the charts are due again, and their queries now take as long as they like.
    jest.spyOn(Date, 'now').mockReturnValue(t0 + 31_000);
    hang = true;
    const timedOut = Symbol('timed out');
    const second = await Promise.race([controller.stats(), new Promise((resolve) => setTimeout(() => resolve(timedOut), 200))]);
    expect(second).not.toBe(timedOut);
    expect((second as typeof first).ticketsPerDay).toEqual(first.ticketsPerDay);
  });
});
