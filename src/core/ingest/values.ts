import { readTime, type TimeOptions } from './time.js';
import type { Scalar } from './types.js';

/** How database exports write an empty value: `NULL` (most), `\\N` (MySQL SELECT ... INTO OUTFILE). */
const NULLS = new Set(['NULL', 'null', '\\N']);

/** Trimmed string or undefined for empty / missing values, including a database's literal NULL. */
export function text(v: Scalar): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.trim() : String(v);
  return s === '' || (s.length <= 4 && NULLS.has(s)) ? undefined : s;
}

/**
 * A start time, or null when unreadable (see readTime in time.ts for the forms and the reasons).
 */
export function parseTime(v: Scalar, opts: TimeOptions = {}): number | null {
  const r = readTime(v, opts);
  return 'ms' in r ? r.ms : null;
}

export type SipCode = { code: number; reason: string | null } | { error: string } | null;

const SIP_TEXT = /^(?:SIP\/2\.0\s+|SIPS?\s*:?\s*)?(\d{1,3})(?:\s+(.*))?$/i;

/**
 * `403`, `"403"`, `SIP 403 Forbidden`, `SIP/2.0 403 Forbidden`, `sip:403`, `603 Network Blocked`.
 * Null when absent (empty, `0`); an error when present but not a whole code in 100-699: `403abc`
 * and `403.5` are not read as 403.
 */
export function parseSipCode(v: Scalar): SipCode {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { error: `SIP code ${v} is not a whole number` };
    if (v === 0) return null;
    return v >= 100 && v <= 699 ? { code: v, reason: null } : { error: `SIP code ${v} is outside 100-699` };
  }
  const s = text(v);
  if (s === undefined) return null;
  if (s.length === 3 && /^\d{3}$/.test(s)) {
    // `403`: nearly every row of an export, read without the general pattern.
    const n = Number(s);
    if (n === 0) return null;
    return n >= 100 && n <= 699 ? { code: n, reason: null } : { error: `SIP code ${s} is outside 100-699` };
  }
  const m = SIP_TEXT.exec(s);
  if (!m) return { error: `"${s.slice(0, 40)}" is not a SIP code` };
  const n = Number(m[1]);
  if (n === 0 && !m[2]) return null;
  if (!(n >= 100 && n <= 699)) return { error: `SIP code ${m[1]} is outside 100-699` };
  const reason = (m[2] ?? '').trim();
  return { code: n, reason: reason === '' ? null : reason };
}

/** `21`, `Q.850;cause=21;text="Call Rejected"`; null unless 0-127. */
export function parseQ850(v: Scalar): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 127 ? v : null;
  const s = text(v);
  if (s === undefined) return null;
  const m = /cause=(\d+)/i.exec(s) ?? /^(\d+)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 0 && n <= 127 ? n : null;
}

/** A non-negative number, or null. */
export function parseNum(v: Scalar): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  const s = text(v);
  if (s === undefined) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Statuses that are not a final outcome: the call is still going. */
const NON_FINAL = new Set(['queued', 'initiated', 'ringing', 'inprogress', 'bridged', 'early', 'trying']);

/**
 * A provider's final call status, when a record carries no SIP code, as the SIP response it
 * stands for. Failures without a code (`failed`, `call_rejected`, Asterisk `FAILED`) map to
 * nothing: they might be a 403 or a 503, and guessing would corrupt the analysis.
 */
const STATUS_CODES: Readonly<Record<string, number>> = {
  completed: 200,
  complete: 200,
  normalclearing: 200,
  answer: 200,
  answered: 200,
  hangup: 200,
  busy: 486,
  userbusy: 486,
  noanswer: 480,
  timeout: 480,
  unanswered: 480,
  noansweruser: 480,
  noanswerresponse: 480,
  canceled: 487,
  cancelled: 487,
  cancel: 487,
  originatorcancel: 487,
  congestion: 503,
  notfound: 404,
  unallocatednumber: 404,
};

export type StatusCode = { code: number } | 'non-final' | null;

export function statusToCode(v: Scalar): StatusCode {
  const s = text(v);
  if (s === undefined) return null;
  const k = s.toLowerCase().replace(/[^a-z]/g, '');
  if (NON_FINAL.has(k)) return 'non-final';
  const code = STATUS_CODES[k];
  return code === undefined ? null : { code };
}
