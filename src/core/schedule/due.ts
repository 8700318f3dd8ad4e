import { TZDate } from '@date-fns/tz';
import { parseDate } from '../digest/day-window.js';

export function parseLocalTime(s: string): { h: number; m: number } | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? { h: Number(m[1]), m: Number(m[2]) } : null;
}

/**
 * The instant a local date's digest is due: `HH:MM` on that date in the zone. On a spring-forward
 * day a time inside the skipped hour (02:30 in America/Chicago) does not exist; the digest is due at
 * the next valid instant, the end of the gap (03:00). On a fall-back day a repeated time (01:30) is
 * due at its first occurrence; the once-per-date claim stops a second post.
 */
export function dueInstant(localDate: string, localTime: string, tz: string): number {
  const [y, mo, d] = parseDate(localDate);
  const t = parseLocalTime(localTime);
  if (!t) throw new Error(`bad local time ${localTime}`);
  const at = new TZDate(y, mo - 1, d, t.h, t.m, tz);
  if (at.getHours() === t.h && at.getMinutes() === t.m) return at.getTime();
  return new TZDate(y, mo - 1, d, t.h + 1, 0, tz).getTime();
}
