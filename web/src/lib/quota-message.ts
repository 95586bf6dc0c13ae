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
