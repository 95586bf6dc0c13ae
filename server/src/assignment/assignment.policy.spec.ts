import { isEligible, rankCandidates, type Candidate } from './assignment.policy';

const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({
  userId,
  expertise: ['Electronics'],
  maxConcurrent: 3,
  active: true,
  away: false,
  online: true,
  openTickets: 0,
  lastAssignedAt: null,
  ...over,
});

describe('auto-assignment policy', () => {
  it('takes only active, online agents who are not away, below capacity and knowing the category', () => {
    expect(isEligible(agent('a'), 'Electronics')).toBe(true);
    expect(isEligible(agent('a'), 'electronics')).toBe(true);
    expect(isEligible(agent('a', { active: false }), 'Electronics')).toBe(false);
    expect(isEligible(agent('a', { online: false }), 'Electronics')).toBe(false);
    expect(isEligible(agent('a', { away: true }), 'Electronics')).toBe(false);
    expect(isEligible(agent('a', { openTickets: 3 }), 'Electronics')).toBe(false);
    expect(isEligible(agent('a'), 'Fashion')).toBe(false);
  });

  it('lets generalists (no expertise) take any category', () => {
    expect(isEligible(agent('g', { expertise: [] }), 'Fashion')).toBe(true);
  });

  it('prefers the least loaded, then the longest idle', () => {
    const ranked = rankCandidates(
      [
        agent('busy', { openTickets: 2 }),
        agent('recent', { openTickets: 1, lastAssignedAt: new Date('2026-01-02') }),
        agent('idle', { openTickets: 1, lastAssignedAt: new Date('2026-01-01') }),
        agent('offline', { online: false }),
        agent('away', { away: true }),
        agent('fashion', { expertise: ['Fashion'] }),
      ],
      'Electronics',
    );
    expect(ranked.map((a) => a.userId)).toEqual(['idle', 'recent', 'busy']);
  });

  it('ranks a never-assigned agent before one assigned earlier at equal load', () => {
    const ranked = rankCandidates([agent('old', { lastAssignedAt: new Date('2020-01-01') }), agent('new')], 'Electronics');
    expect(ranked[0].userId).toBe('new');
  });

  it('never offers a ticket to an agent an admin returned it to the queue from, even the best placed one', () => {
    const agents = [agent('ada'), agent('grace', { openTickets: 2 })];
    expect(rankCandidates(agents, 'Electronics', new Set(['ada'])).map((a) => a.userId)).toEqual(['grace']);
    expect(rankCandidates([agent('ada')], 'Electronics', new Set(['ada']))).toEqual([]);
  });
});
