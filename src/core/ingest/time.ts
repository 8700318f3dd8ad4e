import type { Scalar } from './types.js';

/** How a file writes day and month in `04/03/2026`: US month first, or day first. */
export type DateOrder = 'mdy' | 'dmy';

export interface TimeOptions {
  /** IANA zone of times written without one (`--tz`); UTC when absent. */
  zone?: string | undefined;
  /** The order of slashed dates; when absent only unambiguous ones (`27/11/2026`) are read. */
  dateOrder?: DateOrder | undefined;
}

export type TimeResult = { ms: number } | { error: string };

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO =
  /^(\d{4})([-/])(\d\d)\2(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?$/i;
const SLASHED =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/i;
// `+000`: a logged Twilio Timestamp that lost its last digit still says UTC.
const RFC2822 =
  /^(?:[A-Z][a-z]{2},?\s+)?(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s+(\d\d):(\d\d)(?::(\d\d))?\s*(Z|UT|UTC|GMT|[+-]\d{4}|[+-]000)$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Two or more ASCII digits at s[i..j) as a number, or -1. */
function digits(s: string, i: number, j: number): number {
  let n = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `2026-11-20T14:00:03Z` / `2026-11-20T14:00:03.123Z` without a regular expression: the form of
 * nearly every row of a bulk export, read a million times. Undefined when it is another form.
 */
function fastIso(s: string): TimeResult | undefined {
  const n = s.length;
  if (
    (n !== 20 && n !== 24) ||
    s.charCodeAt(n - 1) !== 90 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return undefined;
  if (n === 24 && s.charCodeAt(19) !== 46) return undefined;
  const y = digits(s, 0, 4),
    mo = digits(s, 5, 7),
    d = digits(s, 8, 10),
    h = digits(s, 11, 13),
    mi = digits(s, 14, 16),
    sec = digits(s, 17, 19);
  const ms = n === 24 ? digits(s, 20, 23) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || ms < 0) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59)
    return { error: `bad timestamp "${s}": no such date or time` };
  return inRange(Date.UTC(y, mo - 1, d, h, mi, sec, ms), s);
}

/** Offset in ms of a `+05:30` / `-0600` / `Z` suffix. */
function offsetOf(z: string): number {
  if (/^(z|utc|gmt|ut)$/i.test(z)) return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The zone's UTC offset (ms) at an instant, cached by hour: offsets change on the hour. */
function zoneOffset(zone: string, utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  const key = `${zone}|${hour}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(hour * 3_600_000)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const off = local - hour * 3_600_000;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/** A wall-clock time in a zone as UTC ms (the later of two readings in a DST fold). */
function fromLocal(localMs: number, zone: string | undefined): number {
  if (!zone || zone === 'UTC') return localMs;
  const first = localMs - zoneOffset(zone, localMs);
  const second = localMs - zoneOffset(zone, first);
  return second;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string | undefined,
  zone: string | undefined,
  opts: TimeOptions,
  shown: string,
): TimeResult {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59)
    return { error: `bad timestamp "${shown}": no such date or time` };
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const utc = zone !== undefined ? local - offsetOf(zone) : fromLocal(local, opts.zone);
  return inRange(utc, shown);
}

function inRange(ms: number, shown: string): TimeResult {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS)
    return { error: `bad timestamp "${shown}": outside 1990-2100` };
  return { ms };
}

function epochToMs(n: number): number {
  if (n >= 1e14) return Math.floor(n / 1000); // microseconds (FreeSWITCH *_uepoch)
  if (n >= 1e11) return Math.floor(n); // milliseconds
  return Math.floor(n * 1000); // seconds
}

function slashed(m: RegExpExecArray, opts: TimeOptions, shown: string): TimeResult {
  const a = Number(m[1]);
  const b = Number(m[3]);
  // `27.11.2026` is always day first; a slash is day first only when the file says so.
  let order: DateOrder | undefined = m[2] === '.' ? 'dmy' : opts.dateOrder;
  if (order === undefined) {
    if (a > 12 && b <= 12) order = 'dmy';
    else if (b > 12 && a <= 12) order = 'mdy';
    else if (a === b) order = 'mdy';
    else return { error: `ambiguous date "${shown}": say --date-order mdy (US) or dmy` };
  }
  const [mo, d] = order === 'mdy' ? [a, b] : [b, a];
  let h = Number(m[5] ?? 0);
  const ampm = m[9]?.toUpperCase();
  if (ampm) {
    if (h < 1 || h > 12) return { error: `bad timestamp "${shown}": no such date or time` };
    h = (h % 12) + (ampm === 'PM' ? 12 : 0);
  }
  return build(Number(m[4]), mo, d, h, Number(m[6] ?? 0), Number(m[7] ?? 0), m[8], m[10], opts, shown);
}

/**
 * A call's start time, strictly: ISO 8601 (`2026-11-20T14:00:03Z`, `2026-11-20 14:00:03`, with or
 * without a zone), RFC 2822 (Twilio's `Timestamp`), slashed dates (`11/27/2026 2:05 PM`) and
 * epoch seconds, milliseconds or microseconds. Anything else (`-1`, `3/4`, `March 7`,
 * `2026-02-30`, `T24:00`) is an error rather than a guess. Zone-less times are in `opts.zone`.
 */
export function readTime(v: Scalar, opts: TimeOptions = {}): TimeResult {
  if (typeof v === 'number') return inRange(epochToMs(v), String(v));
  const s = (v ?? '').trim();
  const fast = fastIso(s);
  if (fast) return fast;
  const shown = s.slice(0, 40);
  if (/^\d{9,16}(?:\.\d+)?$/.test(s)) return inRange(epochToMs(Number(s)), shown);
  let m = ISO.exec(s);
  if (m)
    return build(
      Number(m[1]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      Number(m[7] ?? 0),
      m[8],
      m[9],
      opts,
      shown,
    );
  m = SLASHED.exec(s);
  if (m) return slashed(m, opts, shown);
  m = RFC2822.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (mo === 0) return { error: `bad timestamp "${shown}"` };
    return build(
      Number(m[3]),
      mo,
      Number(m[1]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
      undefined,
      m[7],
      opts,
      shown,
    );
  }
  return { error: `bad timestamp "${shown}"` };
}

/** Which order the slashed dates of a sample imply: undefined when none tells, or they disagree. */
export function dateOrderOf(samples: readonly Scalar[]): DateOrder | undefined {
  let mdy = false;
  let dmy = false;
  for (const v of samples) {
    if (typeof v !== 'string') continue;
    const m = /^\s*(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(v);
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  return mdy === dmy ? undefined : mdy ? 'mdy' : 'dmy';
}
