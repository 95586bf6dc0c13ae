import { describe, expect, it } from '@jest/globals';
import type { ChatItem } from './chat-sync';
import { handoverNotice, unsentReplyText } from './handover';
import { lineText } from './timeline';

const agent = (id: string, firstName: string) => ({ id, firstName, lastName: 'Agent', expertise: [] });
const say = (...args: Parameters<typeof handoverNotice>) => {
  const parts = handoverNotice(...args);
  return parts ? lineText(parts) : null;
};

describe("the notice in an agent's chat once the ticket is no longer theirs", () => {
  it('names the agent it was passed to, as a name (isolated for right-to-left names)', () => {
    expect(say({ agent: agent('g', 'Grace') }, 'a', false)).toBe('This ticket was passed to Grace.');
    expect(handoverNotice({ agent: agent('g', 'غادة') }, 'a', false)?.filter((p) => p.name)).toEqual([{ text: 'غادة', name: true }]);
  });

  it('says when it went back to the queue', () => {
    expect(say({ agent: null }, 'a', false)).toBe('This ticket went back to the queue.');
    expect(say({ agent: null }, 'a', true)).toBe('This ticket went back to the queue.');
  });

  it('says only that it is not theirs when the server stopped showing it and the last copy still names them', () => {
    expect(say({ agent: agent('a', 'Ada') }, 'a', true)).toBe('This ticket is no longer assigned to you.');
  });

  it('says nothing while the ticket is theirs', () => {
    expect(handoverNotice({ agent: agent('a', 'Ada') }, 'a', false)).toBeNull();
  });
});

describe('the reply a user could not send, kept to copy', () => {
  const item = (body: string, over: Partial<ChatItem> = {}): ChatItem => ({
    key: body,
    id: null,
    seq: null,
    clientId: body,
    body,
    sender: { id: 'a', role: 'AGENT', firstName: 'Ada' },
    createdAt: '2026-12-07T10:00:00.000Z',
    mine: true,
    state: 'failed',
    error: 'This ticket is no longer assigned to you',
    ...over,
  });

  it('puts the refused messages first, then the draft, a blank line apart', () => {
    expect(unsentReplyText([item('One'), item('Two')], '  Three \n')).toBe('One\n\nTwo\n\nThree');
  });

  it('leaves out what was sent, what is still sending and what others wrote', () => {
    const items = [item('sent', { state: 'sent', seq: 1 }), item('on its way', { state: 'sending' }), item('theirs', { mine: false })];
    expect(unsentReplyText(items, '')).toBe('');
    expect(unsentReplyText(items, 'Draft')).toBe('Draft');
  });
});
