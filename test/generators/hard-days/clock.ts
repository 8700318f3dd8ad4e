import { TZDate } from '@date-fns/tz';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Local wall-clock time on a date in a zone, as epoch ms. Written here (not taken from the
 * digest's day window) so the generator's idea of "the day" is an independent check on the product's.
 */
export function localTime(day: string, timeZone: string, hour: number, minute = 0): number {
  const m = DATE.exec(day);
  if (!m) throw new Error(`hard-days: "${day}" is not YYYY-MM-DD`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, minute, 0, timeZone).getTime();
}

/** The date `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** The local day as [from, to): 23, 24 or 25 hours. */
export function dayBounds(day: string, timeZone: string): { from: number; to: number } {
  return { from: localTime(day, timeZone, 0), to: localTime(addDays(day, 1), timeZone, 0) };
}

/**
 * The day's 24 local hours as instants [from, to). Across a DST change one hour is empty (spring)
 * or two hours long (autumn), so a day's calls always fill exactly its real span.
 */
export function localHours(day: string, timeZone: string): Array<{ hour: number; from: number; to: number }> {
  const out: Array<{ hour: number; from: number; to: number }> = [];
  const end = dayBounds(day, timeZone).to;
  for (let h = 0; h < 24; h++) {
    const from = localTime(day, timeZone, h);
    const to = h === 23 ? end : localTime(day, timeZone, h + 1);
    out.push({ hour: h, from, to: Math.max(from, to) });
  }
  return out;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
