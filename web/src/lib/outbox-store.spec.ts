import { describe, expect, it } from '@jest/globals';
import { MemoryStorage, SharedStorage } from './memory-storage';
import { localOutbox, outboxKey, outboxMessageKey, REFUSED_KEPT_MS, type PendingMessage } from './outbox-store';

const pending = (clientId: string, ticketId = 't1'): PendingMessage => ({
  ticketId,
  clientId,
  body: `body of ${clientId}`,
  createdAt: new Date(2026, 0, 1, 12, 0, Number(clientId.replace(/\D/g, '') || 0)).toISOString(),
});

/** What localStorage holds for the user's outbox, by key. */
const kept = (storage: MemoryStorage, userId: string) =>
  Object.fromEntries([...storage.items].filter(([k]) => k.startsWith(outboxKey(userId))).map(([k, v]) => [k, JSON.parse(v) as unknown]));

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
    expect(kept(storage, 'alice')).toEqual({
      [outboxMessageKey('alice', 'a1')]: pending('a1'),
      [outboxMessageKey('alice', 'a2')]: pending('a2', 't2'),
    });
    // A new page of the same user reads the same list.
    expect(localOutbox('alice', () => storage).load()).toEqual([pending('a1'), pending('a2', 't2')]);

    alice.remove('a1');
    expect(alice.load().map((m) => m.clientId)).toEqual(['a2']);
    alice.remove('a2');
    expect(kept(storage, 'alice')).toEqual({});
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

  it('loses nothing when two tabs change the outbox in the same instant', () => {
    // A browser gives each tab its own copy of localStorage and passes on another tab's writes only
    // later: here tab B's write lands while tab A is in the middle of its own change, after A read.
    const storage = new MemoryStorage();
    let crossing: (() => void) | null = null;
    const tabA: Storage = Object.create(storage) as Storage;
    tabA.setItem = (key, value) => {
      const other = crossing;
      crossing = null;
      other?.();
      storage.setItem(key, value);
    };
    tabA.removeItem = (key) => {
      const other = crossing;
      crossing = null;
      other?.();
      storage.removeItem(key);
    };
    const a = localOutbox('alice', () => tabA);
    const b = localOutbox('alice', () => storage);

    b.add(pending('b0'));
    b.add(pending('b9'));
    crossing = () => b.add(pending('b1'));
    a.add(pending('a1'));
    crossing = () => b.mark('b0', { error: 'Closed', at: new Date().toISOString() });
    a.add(pending('a2'));
    crossing = () => b.remove('b9');
    a.remove('a1');
    expect(
      localOutbox('alice', () => storage)
        .load()
        .map((m) => [m.clientId, m.refused?.error]),
    ).toEqual([
      ['b0', 'Closed'],
      ['b1', undefined],
      ['a2', undefined],
    ]);
  });

  it('moves an outbox kept as one list by an earlier version to a key per message, losing none', () => {
    const storage = new MemoryStorage();
    const refused = { error: 'This ticket is closed', at: new Date().toISOString() };
    storage.setItem(outboxKey('alice'), JSON.stringify([pending('a1'), { ...pending('a2'), refused }, { clientId: 'junk' }]));
    const alice = localOutbox('alice', () => storage);
    expect(alice.load()).toEqual([pending('a1'), { ...pending('a2'), refused }]);
    expect(storage.getItem(outboxKey('alice'))).toBeNull();
    expect(Object.keys(kept(storage, 'alice'))).toEqual([outboxMessageKey('alice', 'a1'), outboxMessageKey('alice', 'a2')]);
    alice.remove('a1');
    expect(localOutbox('alice', () => storage).load()).toEqual([{ ...pending('a2'), refused }]);
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
    storage.setItem(outboxMessageKey('bob', 'x'), '{not json');
    storage.setItem(outboxMessageKey('bob', 'y'), JSON.stringify({ clientId: 'y' }));
    storage.setItem(outboxMessageKey('bob', 'z'), JSON.stringify(pending('b1')));
    expect(localOutbox('bob', () => storage).load()).toEqual([]);
    expect(kept(storage, 'bob')).toEqual({});
    storage.setItem(outboxKey('bob'), '{not json');
    expect(localOutbox('bob', () => storage).load()).toEqual([]);
    localOutbox('bob', () => storage).add(pending('b1'));
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
    expect(Object.keys(kept(storage, 'alice'))).toEqual([outboxMessageKey('alice', 'a2'), outboxMessageKey('alice', 'a3')]);
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
