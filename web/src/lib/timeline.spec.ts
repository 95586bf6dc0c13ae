import { describe, expect, it } from '@jest/globals';
import { Role, TicketEventType } from '@ccr/shared';
import type { TicketEventDto } from '@ccr/shared';
import { buildTimeline, describeEvent, eventLines, lineText, type Viewer } from './timeline';

const customer: Viewer = { id: 'c1', role: Role.CUSTOMER };
const ada: Viewer = { id: 'a1', role: Role.AGENT };
const grace: Viewer = { id: 'a2', role: Role.AGENT };
const admin: Viewer = { id: 'ad', role: Role.ADMIN };

let n = 0;
function event(
  type: TicketEventDto['type'],
  data: Record<string, unknown>,
  actor: TicketEventDto['actor'],
  createdAt = '2026-01-01T10:00:00.000Z',
): TicketEventDto {
  return { id: `e${++n}`, type, actor, data, createdAt };
}
const assigned = (at?: string) =>
  event(TicketEventType.ASSIGNED, { agentId: 'a1', agentName: 'Ada', previousAgentId: null, mode: 'auto' }, null, at);
const reassigned = event(
  TicketEventType.REASSIGNED,
  { agentId: 'a2', agentName: 'Grace', previousAgentId: 'a1', previousAgentName: 'Ada', mode: 'manual' },
  { id: 'ad', firstName: 'Root', role: Role.ADMIN },
);
const closedBy = (who: Viewer, by = who.role) =>
  event(TicketEventType.CLOSED, { by }, { id: who.id, firstName: who.id === 'c1' ? 'Bob' : 'Root', role: who.role });

const say = (e: TicketEventDto, viewer: Viewer | null) => {
  const parts = describeEvent(e, viewer);
  return parts ? lineText(parts) : null;
};

describe('describeEvent', () => {
  it('says who joined, with "You" for the agent who did', () => {
    expect(say(assigned(), customer)).toBe('Ada joined the chat');
    expect(say(assigned(), admin)).toBe('Ada joined the chat');
    expect(say(assigned(), ada)).toBe('You joined the chat');
    expect(say(event(TicketEventType.ASSIGNED, { agentId: 'zz' }, null), customer)).toBe('An agent joined the chat');
  });

  it('words a reassignment for the customer, the agents involved and others', () => {
    expect(say(reassigned, customer)).toBe('Your ticket was passed from Ada to Grace');
    expect(say(reassigned, admin)).toBe('Ticket passed from Ada to Grace');
    expect(say(reassigned, ada)).toBe('Ticket passed from you to Grace');
    expect(say(reassigned, grace)).toBe('Ticket passed from Ada to you');
  });

  it('says when the agent left and the ticket went back to the queue', () => {
    const back = event(
      TicketEventType.REASSIGNED,
      { agentId: null, previousAgentId: 'a1', previousAgentName: 'Ada', mode: 'deactivated' },
      null,
    );
    expect(say(back, customer)).toBe('Ada left the chat; your ticket is back in the queue');
    expect(say(back, admin)).toBe('Ada left the chat; the ticket is back in the queue');
  });

  it('says that an admin, not the agent, returned the ticket to the queue', () => {
    const returned = event(
      TicketEventType.REASSIGNED,
      { agentId: null, previousAgentId: 'a1', previousAgentName: 'Ada', mode: 'manual' },
      { id: 'ad', firstName: 'Root', role: Role.ADMIN },
    );
    expect(say(returned, customer)).toBe('An admin returned your ticket to the queue from Ada');
    expect(say(returned, ada)).toBe('An admin returned the ticket to the queue from you');
    expect(say(returned, admin)).toBe('You returned the ticket to the queue from Ada');
    expect(say(returned, { id: 'ad2', role: Role.ADMIN })).toBe('Root returned the ticket to the queue from Ada');
  });

  it('says who closed the ticket: you, an admin, the customer', () => {
    expect(say(closedBy(customer), customer)).toBe('Ticket closed by you');
    expect(say(closedBy(admin), customer)).toBe('Ticket closed by an admin');
    expect(say(closedBy(admin), admin)).toBe('Ticket closed by you');
    expect(say(closedBy(customer), ada)).toBe('Ticket closed by the customer');
    expect(say(event(TicketEventType.CLOSED, {}, null), customer)).toBe('Ticket closed');
  });

  it('marks names as user-written pieces, so the page can isolate them', () => {
    expect(describeEvent(reassigned, customer)).toEqual([
      { text: 'Your ticket was passed from ' },
      { text: 'Ada', name: true },
      { text: ' to ' },
      { text: 'Grace', name: true },
    ]);
  });

  it('leaves raising and rating to the history', () => {
    expect(
      say(event(TicketEventType.CREATED, { category: 'X' }, { id: 'c1', firstName: 'Bob', role: Role.CUSTOMER }), customer),
    ).toBeNull();
    expect(say(event(TicketEventType.RATED, { score: 5 }, { id: 'c1', firstName: 'Bob', role: Role.CUSTOMER }), customer)).toBeNull();
  });
});

describe('buildTimeline', () => {
  const msg = (key: string, createdAt: string) => ({ key, createdAt });
  const at = (min: number, sec = 0) => `2026-01-01T10:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')}.000Z`;

  it('puts event lines between the messages by time, and keeps the messages in their order', () => {
    const lines = eventLines(
      [
        event(TicketEventType.CREATED, {}, null, at(0)),
        assigned(at(2)),
        { ...reassigned, createdAt: at(4) },
        { ...closedBy(customer), createdAt: at(9) },
      ],
      customer,
    );
    const items = [msg('m1', at(1)), msg('m2', at(3)), msg('m3', at(5)), msg('pending', at(6))];
    expect(buildTimeline(items, lines).map((e) => (e.kind === 'message' ? e.key : lineText(e.parts)))).toEqual([
      'm1',
      'Ada joined the chat',
      'm2',
      'Your ticket was passed from Ada to Grace',
      'm3',
      'pending',
      'Ticket closed by you',
    ]);
  });

  it('puts an event before a message of the same instant, and events with no messages alone', () => {
    const lines = eventLines([assigned(at(2))], customer);
    expect(buildTimeline([msg('hello', at(2))], lines).map((e) => e.kind)).toEqual(['event', 'message']);
    expect(buildTimeline([], lines).map((e) => e.key)).toEqual([lines[0].key]);
  });

  it('gives each event one entry, keyed by its id, however often the list is rebuilt', () => {
    const events = [assigned(at(2)), { ...reassigned, createdAt: at(4) }];
    const once = buildTimeline([msg('m1', at(3))], eventLines(events, customer));
    const again = buildTimeline([msg('m1', at(3))], eventLines([...events], customer));
    expect(again.map((e) => e.key)).toEqual(once.map((e) => e.key));
    expect(new Set(once.map((e) => e.key)).size).toBe(once.length);
  });

  it('orders events by time when they come out of order', () => {
    const lines = eventLines([{ ...closedBy(customer), createdAt: at(9) }, assigned(at(2))], customer);
    expect(lines.map((l) => l.type)).toEqual([TicketEventType.ASSIGNED, TicketEventType.CLOSED]);
  });
});
