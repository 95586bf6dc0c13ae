import { describe, expect, it } from '@jest/globals';
import { TicketStatus, type TicketDto } from '@ccr/shared';
import { listWithPersonRenamed, withAgentOnline, withPersonRenamed } from './ticket-presence';

const ticket = (agent: TicketDto['agent']): TicketDto => ({
  id: 't1',
  number: 1,
  subject: 'Kettle',
  category: 'Electronics',
  description: 'It will not boil',
  status: agent ? TicketStatus.ASSIGNED : TicketStatus.OPEN,
  customer: { id: 'c1', firstName: 'Bob', lastName: 'B' },
  agent,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:01:00.000Z',
  assignedAt: agent ? '2026-01-01T10:01:00.000Z' : null,
  closedAt: null,
  firstResponseAt: null,
  lastMessageAt: null,
  lastSeq: 0,
  unread: 0,
  rating: null,
});
const ada = { id: 'a1', firstName: 'Ada', lastName: 'L', expertise: [], online: true };

describe('withAgentOnline', () => {
  it("sets the ticket's agent online or offline, keeping the rest (and the version) as it was", () => {
    const t = ticket(ada);
    const off = withAgentOnline(t, { agentId: 'a1', online: false });
    expect(off?.agent?.online).toBe(false);
    expect(off).toEqual({ ...t, agent: { ...ada, online: false } });
    expect(t.agent?.online).toBe(true);
    expect(withAgentOnline(off, { agentId: 'a1', online: true })?.agent?.online).toBe(true);
  });

  it('ignores other agents, tickets without an agent and news that changes nothing', () => {
    expect(withAgentOnline(ticket(ada), { agentId: 'a2', online: false })).toBeNull();
    expect(withAgentOnline(ticket(null), { agentId: 'a1', online: false })).toBeNull();
    expect(withAgentOnline(null, { agentId: 'a1', online: false })).toBeNull();
    expect(withAgentOnline(ticket(ada), { agentId: 'a1', online: true })).toBeNull();
  });

  it('fills in the state where the ticket did not say it', () => {
    const { online: _, ...unknown } = ada;
    expect(withAgentOnline(ticket(unknown), { agentId: 'a1', online: true })?.agent?.online).toBe(true);
  });
});

describe('withPersonRenamed', () => {
  it("renames the ticket's customer or agent, and nobody else", () => {
    const t = ticket(ada);
    expect(withPersonRenamed(t, { userId: 'c1', firstName: 'Bobby', lastName: 'Brown' })?.customer).toEqual({
      id: 'c1',
      firstName: 'Bobby',
      lastName: 'Brown',
    });
    expect(withPersonRenamed(t, { userId: 'a1', firstName: 'Adah', lastName: 'L' })?.agent).toEqual({ ...ada, firstName: 'Adah' });
    expect(withPersonRenamed(t, { userId: 'x', firstName: 'X', lastName: 'Y' })).toBeNull();
    // The same name again changes nothing.
    expect(withPersonRenamed(t, { userId: 'c1', firstName: 'Bob', lastName: 'B' })).toBeNull();
    expect(withPersonRenamed(null, { userId: 'c1', firstName: 'Bobby', lastName: 'B' })).toBeNull();
  });

  it('renames in a list, keeping the other fields of each row and the same array when nobody is in it', () => {
    const rows: (TicketDto & { isNew?: boolean })[] = [
      { ...ticket(ada), unread: 3, isNew: true },
      { ...ticket(null), id: 't2', customer: { id: 'c2', firstName: 'Cy', lastName: 'C' } },
    ];
    const renamed = listWithPersonRenamed(rows, { userId: 'c2', firstName: 'Cyd', lastName: 'C' });
    expect(renamed[1].customer.firstName).toBe('Cyd');
    expect(renamed[0]).toBe(rows[0]);
    expect(renamed[0].isNew).toBe(true);
    expect(listWithPersonRenamed(rows, { userId: 'nobody', firstName: 'N', lastName: 'N' })).toBe(rows);
  });
});
