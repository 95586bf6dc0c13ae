import { describe, expect, it } from '@jest/globals';
import { LIMITS, Role, type MessagePreview } from '@ccr/shared';
import type { ChatItem } from './chat-sync';
import { conversationPreview, lastStoredOf, outgoingOf } from './conversation-preview';

const ME = 'agent-1';
const last: MessagePreview = {
  seq: 4,
  sender: { id: 'cust-1', role: Role.CUSTOMER, firstName: 'Anna' },
  body: 'Is it 2 or 4 slices?',
  createdAt: '2026-03-03T10:00:00.000Z',
};

function item(seq: number | null, body: string, state: ChatItem['state'] = 'sent', mine = true): ChatItem {
  const sender = mine ? { id: ME, role: Role.AGENT, firstName: 'Mira' } : { id: 'cust-1', role: Role.CUSTOMER, firstName: 'Anna' };
  return {
    key: `${sender.id}:${body}`,
    id: seq === null ? null : `m${seq}`,
    seq,
    clientId: body,
    body,
    sender,
    createdAt: '2026-03-03T10:00:00.000Z',
    mine,
    state,
    error: state === 'failed' ? 'Closed' : null,
  };
}

describe('the line under a conversation in the list', () => {
  it('shows the last message, "You" for the agent\'s own', () => {
    expect(conversationPreview({ last, meId: ME })).toEqual({ kind: 'message', label: null, text: 'Anna: Is it 2 or 4 slices?' });
    expect(conversationPreview({ last: { ...last, sender: { id: ME, role: Role.AGENT, firstName: 'Mira' } }, meId: ME })?.text).toBe(
      'You: Is it 2 or 4 slices?',
    );
    expect(conversationPreview({ last: null, meId: ME })).toBeNull();
  });

  it('shows an unsent draft instead, on one line and cut like a message preview', () => {
    expect(conversationPreview({ draft: 'Four slices,\n\nand a  bagel setting', last, meId: ME })).toEqual({
      kind: 'draft',
      label: 'Draft:',
      text: 'Four slices, and a bagel setting',
    });
    const long = conversationPreview({ draft: 'x'.repeat(LIMITS.messagePreviewLength + 50), last, meId: ME });
    expect(long?.text.endsWith('…')).toBe(true);
    expect(Array.from(long?.text ?? '').length).toBe(LIMITS.messagePreviewLength);
  });

  it('ignores a draft of spaces only', () => {
    expect(conversationPreview({ draft: ' \n ', last, meId: ME })?.kind).toBe('message');
  });

  it('shows a message still on its way (offline) instead of the older last message, and one that failed', () => {
    expect(conversationPreview({ outgoing: { body: 'On my way', state: 'sending' }, last, meId: ME })).toEqual({
      kind: 'sending',
      label: 'Sending:',
      text: 'On my way',
    });
    expect(conversationPreview({ outgoing: { body: 'Too late', state: 'failed' }, last, meId: ME })).toEqual({
      kind: 'failed',
      label: 'Not sent:',
      text: 'Too late',
    });
  });

  it('puts a draft before a message that is still sending', () => {
    expect(conversationPreview({ draft: 'And another thing', outgoing: { body: 'On my way', state: 'sending' }, last })?.kind).toBe(
      'draft',
    );
  });
});

describe('what a chat thread holds for the list', () => {
  it('finds the newest message still sending, or a failed one first', () => {
    expect(outgoingOf([item(1, 'stored')])).toBeNull();
    expect(outgoingOf([item(1, 'stored'), item(null, 'first', 'sending'), item(null, 'second', 'sending')])).toEqual({
      body: 'second',
      state: 'sending',
    });
    expect(outgoingOf([item(null, 'refused', 'failed'), item(null, 'later', 'sending')])).toEqual({ body: 'refused', state: 'failed' });
  });

  it('finds the newest stored message as a preview', () => {
    expect(lastStoredOf([item(null, 'pending', 'sending')])).toBeNull();
    expect(lastStoredOf([item(1, 'one', 'sent', false), item(2, 'two'), item(null, 'pending', 'sending')])).toEqual({
      seq: 2,
      sender: { id: ME, role: Role.AGENT, firstName: 'Mira' },
      body: 'two',
      createdAt: '2026-03-03T10:00:00.000Z',
    });
  });
});
