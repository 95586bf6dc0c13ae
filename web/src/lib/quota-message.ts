import type { TicketQuotaStatus } from '@ccr/shared';
import { formatTime } from './format';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/**
 * The server's words when a customer has raised their quota of tickets, for people: the moment
 * the next ticket may be raised comes as an ISO instant ("2026-12-08T12:58:47.444Z"), which is
 * shown in the reader's time and clock instead, and "every 1 day" reads "every day".
 */
export function readableQuotaMessage(message: string, now: Date = new Date()): string {
  return message.replace(ISO_INSTANT, (iso) => formatTime(iso, now)).replace(/\bevery 1 day\b/g, 'every day');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What the new-ticket form says of the customer's quota before they write anything: how many are
 * left, or, when none are, that the quota is reached and when the next ticket may be raised. Null
 * when there is no quota.
 */
export function quotaNotice(status: TicketQuotaStatus, now: Date = new Date()): { reached: boolean; text: string } | null {
  const { quota, remaining, nextAllowedAt } = status;
  if (!quota || remaining === null) return null;
  const every = quota.days === 1 ? 'every day' : `every ${quota.days} days`;
  if (remaining > 0 || !nextAllowedAt)
    return { reached: false, text: `You can raise up to ${plural(quota.count, 'ticket')} ${every}; ${remaining} left.` };
  const window = quota.days === 1 ? 'the last day' : `the last ${quota.days} days`;
  return {
    reached: true,
    text: `You have raised ${plural(quota.count, 'ticket')} in ${window}, the most allowed. You can raise your next ticket after ${formatTime(nextAllowedAt, now)}.`,
  };
}
