import { Role } from '@ccr/shared';

// 'numeric' hours: "6:34 AM" where clocks have 12 hours (not "06:34 AM"), "06:34" where they have 24.
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:05" today, "Mar 3, 14:05" otherwise (in the reader's locale: "02:05 PM" where clocks have 12 hours). */
export function formatTime(when: string | Date | null | undefined, now: Date = new Date()): string {
  if (!when) return '';
  const d = new Date(when);
  return sameDay(d, now) ? timeFmt.format(d) : dateTimeFmt.format(d);
}

const utcDayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A UTC calendar day such as "2026-03-03" (the stats' days) as "Mar 3". */
export function formatUtcDay(date: string): string {
  return utcDayFmt.format(new Date(`${date}T00:00:00Z`));
}

/** Whether a UTC calendar day such as "2026-03-03" is the current one. */
export function isUtcToday(date: string | null | undefined, now: Date = new Date()): boolean {
  return !!date && date === now.toISOString().slice(0, 10);
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFmt.format(new Date(iso)) : '';
}

/** "45s", "3m 05s", "2h 04m", "3d 4h". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "just now", "5 min ago", "3 h ago", "Mar 3". */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const diff = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (diff < 45) return 'just now';
  if (diff < 3600) return `${Math.round(diff / 60)} min ago`;
  if (diff < 86400) return `${Math.round(diff / 3600)} h ago`;
  return formatDate(iso);
}

export function fullName(p: { firstName: string; lastName?: string } | null | undefined): string {
  if (!p) return '';
  return p.lastName ? `${p.firstName} ${p.lastName}` : p.firstName;
}

/** What each role is called on screen. */
export const ROLE_LABEL: Record<Role, string> = {
  [Role.CUSTOMER]: 'Customer',
  [Role.AGENT]: 'Agent',
  [Role.ADMIN]: 'Admin',
};

export function initials(p: { firstName: string; lastName?: string } | null | undefined): string {
  if (!p) return '?';
  return ((p.firstName[0] ?? '') + (p.lastName?.[0] ?? '')).toUpperCase() || '?';
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A new address (registration, a new agent): the server asks for a domain with a dot too. */
export function looksLikeEmail(s: string): boolean {
  return EMAIL_RE.test(s.trim());
}

const ACCOUNT_EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
/**
 * An address an account may already have (sign-in, password reset): anything with one @ between two
 * parts, since the admin's default address, `admin@localhost`, has no dot in its domain.
 */
export function looksLikeAccountEmail(s: string): boolean {
  return ACCOUNT_EMAIL_RE.test(s.trim());
}

/** "less than a minute", "about 4 min", "about 1 h 20 min". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const m = Math.round(seconds / 60);
  if (m < 60) return `about ${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `about ${h} h ${m % 60} min` : `about ${h} h`;
}

/** "Position 3 in the queue · about 4 min" for a waiting ticket, or null when unknown. */
export function queueLine(t: { queuePosition?: number | null; estimatedWaitSeconds?: number | null }): string | null {
  if (!t.queuePosition) return null;
  const wait = typeof t.estimatedWaitSeconds === 'number' ? ` · ${formatWait(t.estimatedWaitSeconds)}` : '';
  return `Position ${t.queuePosition} in the queue${wait}`;
}
