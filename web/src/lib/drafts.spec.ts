import { afterEach, describe, expect, it } from '@jest/globals';
import type { TicketDto } from '@ccr/shared';
import { clearDrafts, departedTickets, forgetDeparted, getDraft, keepDeparted, setDraft, useDraftStorage } from './drafts';
import { MemoryStorage } from './memory-storage';

describe('drafts', () => {
  afterEach(() => useDraftStorage(() => null));

  it('survive a reload of the tab: what was being typed is there again', () => {
    const tab = new MemoryStorage();
    useDraftStorage(() => tab);
    setDraft('t1', 'My order number is 4711 and');
    useDraftStorage(() => tab); // the page loads afresh; only the tab's storage remains
    expect(getDraft('t1')).toBe('My order number is 4711 and');
    expect(getDraft('t2')).toBe('');
  });

  it('are gone once sent (cleared) and after a sign-out, also from storage', () => {
    const tab = new MemoryStorage();
    tab.setItem('ccr.token', 'kept');
    useDraftStorage(() => tab);
    setDraft('t1', 'sent now');
    setDraft('t1', '');
    setDraft('t2', 'left unsent');
    clearDrafts();
    useDraftStorage(() => tab);
    expect(getDraft('t1')).toBe('');
    expect(getDraft('t2')).toBe('');
    expect(tab.getItem('ccr.token')).toBe('kept');
  });

  it('stay in memory when storage is full or missing', () => {
    const tab = new MemoryStorage();
    tab.full = true;
    useDraftStorage(() => tab);
    setDraft('t1', 'still here');
    expect(getDraft('t1')).toBe('still here');
    useDraftStorage(() => null);
    setDraft('t1', 'no storage at all');
    expect(getDraft('t1')).toBe('no storage at all');
  });

  it('a cleared draft is not read back from a stored copy that could not be removed', () => {
    const tab = new MemoryStorage();
    useDraftStorage(() => tab);
    setDraft('t1', 'old text');
    tab.removeItem = () => {
      throw new Error('blocked');
    };
    setDraft('t1', '');
    expect(getDraft('t1')).toBe('');
  });

  describe("a chat no longer the agent's, kept for the tab", () => {
    const ticket = (id: string, subject: string) => ({ id, number: 7, subject }) as TicketDto;

    it('is there again after a reload, for its agent only, until forgotten', () => {
      const tab = new MemoryStorage();
      useDraftStorage(() => tab);
      keepDeparted('ada', ticket('t1', 'Toaster burns one side'));
      keepDeparted('ada', ticket('t2', 'Grill tray rusts'));
      useDraftStorage(() => tab); // the page loads afresh
      expect(
        departedTickets('ada')
          .map((t) => t.subject)
          .sort(),
      ).toEqual(['Grill tray rusts', 'Toaster burns one side']);
      expect(departedTickets('grace')).toEqual([]);
      forgetDeparted('t1');
      expect(departedTickets('ada').map((t) => t.id)).toEqual(['t2']);
    });

    it('goes at sign-out with the drafts, and a damaged copy is skipped, not fatal', () => {
      const tab = new MemoryStorage();
      useDraftStorage(() => tab);
      keepDeparted('ada', ticket('t1', 'Toaster burns one side'));
      tab.setItem('ccr.departed.t2', '{not json');
      tab.setItem('ccr.departed.t3', JSON.stringify({ owner: 'ada', ticket: ticket('t9', 'stored under another id') }));
      expect(departedTickets('ada').map((t) => t.id)).toEqual(['t1']);
      clearDrafts();
      expect(departedTickets('ada')).toEqual([]);
      expect(tab.length).toBe(0);
    });
  });
});
