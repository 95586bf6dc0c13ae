import { compareSavedReplies, type SavedReplyDto } from '@ccr/shared';
import { api, errorMessage } from './api';
import { realtime } from './socket.svelte';
import { session } from './session.svelte';

/**
 * The signed-in user's saved replies (the team's, and an agent's own), loaded over REST and fetched
 * again when `saved-replies:changed` says they changed (an admin's edit, another tab) or after a
 * reconnect. Pages that use them call `start()` and the function it returns when they go; the agent's
 * workspace holds them for as long as it is open, so switching chats asks the server nothing.
 */
class SavedReplies {
  items = $state<SavedReplyDto[]>([]);
  loaded = $state(false);
  error = $state('');
  private users = 0;
  private stop: (() => void) | null = null;
  /** Whose replies were last asked for (set when asking, so two pages starting at once ask once). */
  private askedFor: string | null = null;
  private asked = 0;

  start(): () => void {
    const first = this.users++ === 0;
    if (first) {
      const offChanged = realtime.on('saved-replies:changed', () => void this.load());
      const offReconnect = realtime.onReconnect(() => void this.load());
      this.stop = () => {
        offChanged();
        offReconnect();
      };
    }
    // Another account signed in since: its replies, not the last one's.
    const stale = this.askedFor !== (session.user?.id ?? null);
    if (stale) {
      this.items = [];
      this.loaded = false;
    }
    // While in use, the events keep the list current: a page or chat opened meanwhile asks nothing.
    if (first || stale) void this.load();
    return () => {
      if (--this.users === 0) {
        this.stop?.();
        this.stop = null;
      }
    };
  }

  async load(): Promise<void> {
    const asked = ++this.asked;
    this.askedFor = session.user?.id ?? null;
    try {
      const { items } = await api.savedReplies.list();
      // Only the newest answer counts: an older one may predate the change that asked again.
      if (asked !== this.asked) return;
      this.items = items;
      this.error = '';
    } catch (e) {
      if (asked === this.asked) this.error = errorMessage(e);
    } finally {
      if (asked === this.asked) this.loaded = true;
    }
  }

  /** A reply saved or deleted here shows at once; the event that follows only confirms it. */
  put(reply: SavedReplyDto) {
    const others = this.items.filter((r) => r.id !== reply.id);
    this.items = [...others, reply].sort(compareSavedReplies);
  }

  drop(id: string) {
    this.items = this.items.filter((r) => r.id !== id);
  }
}

export const savedReplies = new SavedReplies();
