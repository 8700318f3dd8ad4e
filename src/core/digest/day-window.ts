import { TZDate } from '@date-fns/tz';
import { UserError } from '../../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UserError('digest.bad_zone', `Unknown time zone "${tz}".`, [
      'Use an IANA name such as UTC, America/Chicago or Europe/London.',
    ]);
  }
}

/** The local calendar date of an instant in a zone: `2026-11-20`. */
export function localDate(at: Date, tz: string): string {
  const d = new TZDate(at.getTime(), tz);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The date before a local date (`2026-03-01` -> `2026-02-28`). */
export function previousDate(date: string): string {
  const [y, m, d] = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d - 1));
  return t.toISOString().slice(0, 10);
}

export function parseDate(date: string): [number, number, number] {
  const m = DATE.exec(date);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new UserError(
      'digest.bad_date',
      `"${date}" is not a date; use YYYY-MM-DD (e.g. 2026-11-20), yesterday or today.`,
    );
  }
  return [y, mo, d];
}

/**
 * A local day as an instant range [from, to): 24 hours on most days, 23 or 25 across a DST change.
 */
export function localDayWindow(date: string, tz: string): { from: Date; to: Date } {
  assertTimeZone(tz);
  const [y, m, d] = parseDate(date);
  const from = new TZDate(y, m - 1, d, tz);
  const to = new TZDate(y, m - 1, d + 1, tz);
  return { from: new Date(from.getTime()), to: new Date(to.getTime()) };
}

/** Yesterday in a zone, as of `now`. */
export function yesterday(now: Date, tz: string): string {
  assertTimeZone(tz);
  return previousDate(localDate(now, tz));
}

/** A day as people type it: `yesterday`, `today`, or YYYY-MM-DD (checked); none means yesterday. */
export function resolveDay(word: string | undefined, now: Date, tz: string): string {
  const w = word?.trim().toLowerCase();
  if (!w || w === 'yesterday') return yesterday(now, tz);
  if (w === 'today') return localDate(now, tz);
  parseDate(w);
  return w;
}

/** Accepts what resolveDay() does, for validating an option before the clock is known. */
export function checkDayWord(word: string): void {
  const w = word.trim().toLowerCase();
  if (w !== 'yesterday' && w !== 'today') parseDate(w);
}
