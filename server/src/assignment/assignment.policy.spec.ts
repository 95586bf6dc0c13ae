import { isEligible, rankCandidates, type Candidate } from './assignment.policy';

const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({
  userId,
  expertise: ['Electronics'],
  maxConcurrent: 3,
  active: true,
  online: true,
  openTickets: 0,
  lastAssignedAt: null,
  ...over,
});

describe('auto-assignment policy', () => {
  it('takes only active, online agents below capacity who know the category', () => {
    expect(isEligible(agent('a'), 'Electronics')).toBe(true);
    expect(isEligible(agent('a'), 'electronics')).toBe(true);
    expect(isEligible(agent('a', { active: false }), 'Electronics')).toBe(false);
    expect(isEligible(agent('a', { online: false }), 'Electronics')).toBe(false);
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
});
