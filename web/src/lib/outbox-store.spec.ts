import { describe, expect, it } from '@jest/globals';
import { MemoryStorage, SharedStorage } from './memory-storage';
import { localOutbox, outboxKey, REFUSED_KEPT_MS, type PendingMessage } from './outbox-store';

const pending = (clientId: string, ticketId = 't1'): PendingMessage => ({
  ticketId,
  clientId,
  body: `body of ${clientId}`,
  createdAt: new Date(2026, 0, 1, 12, 0, Number(clientId.replace(/\D/g, '') || 0)).toISOString(),
});

describe('localOutbox', () => {
  it('keeps each user’s unsent messages under their own key, in order, until removed', () => {
    const storage = new MemoryStorage();
    const alice = localOutbox('alice', () => storage);
    const bob = localOutbox('bob', () => storage);
    alice.add(pending('a1'));
    alice.add(pending('a2', 't2'));
    bob.add(pending('b1'));

    expect(alice.load().map((m) => m.clientId)).toEqual(['a1', 'a2']);
    expect(bob.load().map((m) => m.clientId)).toEqual(['b1']);
    expect(JSON.parse(storage.getItem(outboxKey('alice'))!)).toEqual([pending('a1'), pending('a2', 't2')]);
    // A new page of the same user reads the same list.
    expect(localOutbox('alice', () => storage).load()).toEqual([pending('a1'), pending('a2', 't2')]);

    alice.remove('a1');
    expect(alice.load().map((m) => m.clientId)).toEqual(['a2']);
    alice.remove('a2');
    expect(storage.getItem(outboxKey('alice'))).toBeNull();
    expect(bob.load().map((m) => m.clientId)).toEqual(['b1']);
  });

  it('lets two tabs of one user add and remove without overwriting each other', () => {
    const storage = new MemoryStorage();
    const tabA = localOutbox('alice', () => storage);
    const tabB = localOutbox('alice', () => storage);
    tabA.add(pending('a1'));
    tabB.add(pending('b1'));
    tabA.add(pending('a1'));
    tabB.remove('a1');
    expect(tabA.load().map((m) => m.clientId)).toEqual(['b1']);
  });

  it('works without storage: missing, throwing on access, full, or holding garbage', () => {
    const none = localOutbox('alice', () => null);
    expect(() => none.add(pending('a1'))).not.toThrow();
    expect(none.load()).toEqual([]);

    const blocked = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    const denied = localOutbox('alice', () => blocked);
    expect(() => denied.add(pending('a1'))).not.toThrow();
    expect(() => denied.remove('a1')).not.toThrow();
    expect(() => denied.clear()).not.toThrow();
    expect(denied.load()).toEqual([]);

    const storage = new MemoryStorage();
    const full = localOutbox('alice', () => storage);
    full.add(pending('a1'));
    storage.full = true;
    expect(() => full.add(pending('a2'))).not.toThrow();
    expect(full.load().map((m) => m.clientId)).toEqual(['a1']);

    storage.full = false;
    storage.setItem(outboxKey('bob'), '{not json');
    expect(localOutbox('bob', () => storage).load()).toEqual([]);
    storage.setItem(outboxKey('bob'), JSON.stringify([{ clientId: 'x' }, pending('b1')]));
    expect(localOutbox('bob', () => storage).load()).toEqual([pending('b1')]);
  });

  it('says whether a message is kept, so that only a kept one missing later means another tab removed it', () => {
    const storage = new MemoryStorage();
    expect(localOutbox('alice', () => storage).add(pending('a1'))).toBe(true);
    expect(localOutbox('alice', () => storage).add(pending('a1'))).toBe(true);
    expect(localOutbox('alice', () => null).add(pending('a2'))).toBe(false);
    storage.full = true;
    expect(localOutbox('alice', () => storage).add(pending('a3'))).toBe(false);
  });

  it('marks a message refused and back, and keeps a refusal for a week', () => {
    const storage = new MemoryStorage();
    let now = Date.parse('2026-03-01T12:00:00Z');
    const alice = localOutbox('alice', () => storage, { now: () => now });
    alice.add(pending('a1'));
    alice.add(pending('a2'));
    alice.add(pending('a3'));
    const refused = { error: 'This ticket is closed', at: new Date(now).toISOString() };
    alice.mark('a1', refused);
    alice.mark('a2', refused);
    alice.mark('a2', null);
    alice.mark('gone', refused);
    expect(alice.load()).toEqual([{ ...pending('a1'), refused }, pending('a2'), pending('a3')]);

    // A week on, the refused one is dropped, from storage too; waiting ones never expire.
    now += REFUSED_KEPT_MS - 1;
    expect(alice.load().map((m) => m.clientId)).toEqual(['a1', 'a2', 'a3']);
    now += 1;
    expect(alice.load()).toEqual([pending('a2'), pending('a3')]);
    expect(JSON.parse(storage.getItem(outboxKey('alice'))!)).toEqual([pending('a2'), pending('a3')]);
  });

  it('tells a tab when another tab changes its user’s outbox, and of nothing else', async () => {
    const browser = new SharedStorage();
    const [mine, other] = [browser.tab(), browser.tab()];
    const changes: string[] = [];
    const stop = localOutbox('alice', () => mine.storage, { events: () => mine.window }).watch(() => changes.push('alice'));
    const theirs = (userId: string) => localOutbox(userId, () => other.storage, { events: () => other.window });
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };

    theirs('alice').add(pending('a1'));
    await settle();
    expect(changes).toEqual(['alice']);
    theirs('bob').add(pending('b1'));
    other.storage.setItem('ccr.token', 'x');
    await settle();
    expect(changes).toEqual(['alice']);
    // Its own writes are not news to a tab (browsers fire the event in the others only).
    localOutbox('alice', () => mine.storage).add(pending('a2'));
    await settle();
    expect(changes).toEqual(['alice']);
    // A clear of the whole of localStorage in another tab is a change too.
    other.storage.clear();
    await settle();
    expect(changes).toEqual(['alice', 'alice']);

    stop();
    theirs('alice').add(pending('a3'));
    await settle();
    expect(changes).toEqual(['alice', 'alice']);
    expect(localOutbox('alice', () => null, { events: () => null }).watch(() => undefined)).toEqual(expect.any(Function));
  });
});
