import { describe, expect, it } from '@jest/globals';
import { titleWithUnread } from './tab-title';

describe('the unread count in the tab title', () => {
  it('puts the count in front of the page title', () => {
    expect(titleWithUnread('Workspace · Customer Care Registry', 3)).toBe('(3) Workspace · Customer Care Registry');
  });

  it('replaces an earlier count rather than stacking them, and drops it when all is read', () => {
    expect(titleWithUnread('(3) Workspace · Customer Care Registry', 4)).toBe('(4) Workspace · Customer Care Registry');
    expect(titleWithUnread('(4) #12 Kettle · Customer Care Registry', 0)).toBe('#12 Kettle · Customer Care Registry');
    expect(titleWithUnread('(99+) Workspace', 0)).toBe('Workspace');
  });

  it('caps a large count and ignores nonsense', () => {
    expect(titleWithUnread('Workspace', 250)).toBe('(99+) Workspace');
    expect(titleWithUnread('Workspace', -1)).toBe('Workspace');
    expect(titleWithUnread('Workspace', Number.NaN)).toBe('Workspace');
  });

  it('leaves a title that merely starts with brackets alone', () => {
    expect(titleWithUnread('(draft) notes', 0)).toBe('(draft) notes');
    expect(titleWithUnread('(draft) notes', 2)).toBe('(2) (draft) notes');
  });
});
