import { describe, expect, it } from '@jest/globals';
import { handoverNotice } from './handover';
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
