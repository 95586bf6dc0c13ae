import { api } from './api';
import { quotaNotice } from './quota-message';

/**
 * Where the signed-in customer stands against the ticket quota, kept current while a page shows it:
 * loaded at start, and again at the moment the oldest counted ticket leaves the window, so a page
 * that said "reached" opens up by itself. The server still decides every submit.
 */
export class LiveQuota {
  notice = $state<ReturnType<typeof quotaNotice>>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  start(): () => void {
    void this.load();
    return () => clearTimeout(this.timer);
  }

  async load(): Promise<void> {
    clearTimeout(this.timer);
    try {
      const status = await api.tickets.quota();
      this.notice = quotaNotice(status);
      // A timer holds at most ~24 days; a longer wait is read again then.
      if (status.nextAllowedAt) {
        const wait = Math.min(Math.max(Date.parse(status.nextAllowedAt) - Date.now(), 0) + 1000, 2 ** 31 - 1);
        this.timer = setTimeout(() => void this.load(), wait);
      }
    } catch {
      this.notice = null; // Unknown: submitting tells.
    }
  }
}
