/** localStorage as a browser has it (strings by key, and a quota that can run out), for specs that run in Node. */
export class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  full = false;

  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

/** The `storage` event a browser fires in a tab when another tab changed localStorage. */
class StorageChange extends Event {
  constructor(
    readonly key: string | null,
    readonly oldValue: string | null,
    readonly newValue: string | null,
  ) {
    super('storage');
  }
}

/** One tab of `SharedStorage`: its view of localStorage, its window, and closing it. */
export interface StorageTab {
  storage: Storage;
  window: EventTarget;
  close(): void;
}

/**
 * One origin's localStorage shared by the tabs of a browser: each tab writes through its own view,
 * and every other open tab then gets a `storage` event for a value that changed, queued after the
 * write as a browser queues it; the writing tab gets none.
 */
export class SharedStorage {
  readonly memory = new MemoryStorage();
  private readonly windows = new Set<EventTarget>();

  tab(): StorageTab {
    const window = new EventTarget();
    this.windows.add(window);
    const memory = this.memory;
    const tell = (key: string | null, oldValue: string | null, newValue: string | null) => {
      if (key !== null && oldValue === newValue) return;
      for (const other of this.windows) {
        // A promise rather than queueMicrotask, which fake timers hold back.
        if (other !== window) void Promise.resolve().then(() => other.dispatchEvent(new StorageChange(key, oldValue, newValue)));
      }
    };
    const storage: Storage = {
      get length() {
        return memory.length;
      },
      key: (index) => memory.key(index),
      getItem: (key) => memory.getItem(key),
      setItem(key, value) {
        const old = memory.getItem(key);
        memory.setItem(key, value);
        tell(key, old, value);
      },
      removeItem(key) {
        const old = memory.getItem(key);
        memory.removeItem(key);
        tell(key, old, null);
      },
      clear() {
        memory.clear();
        tell(null, null, null);
      },
    };
    return { storage, window, close: () => this.windows.delete(window) };
  }
}
