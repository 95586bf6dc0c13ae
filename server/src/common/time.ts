export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** A datetime as the driver returns it in a raw row: a Date (mysql2) or UTC text (SQLite, "YYYY-MM-DD HH:MM:SS.SSS"). */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}
