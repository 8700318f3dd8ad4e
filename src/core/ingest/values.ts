import type { Scalar } from './types.js';

/** Trimmed string or undefined for empty / missing values. */
export function text(v: Scalar): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.trim() : String(v);
  return s === '' ? undefined : s;
}

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

function epochToMs(n: number): number {
  if (n >= 1e14) return Math.floor(n / 1000); // microseconds (FreeSWITCH *_uepoch)
  if (n >= 1e11) return Math.floor(n); // milliseconds
  return Math.floor(n * 1000); // seconds
}

function isNumeric(s: string): boolean {
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && !dot) dot = true;
    else if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/**
 * ISO 8601 (with or without zone; a time without zone is UTC), `YYYY-MM-DD HH:MM:SS`, RFC 2822
 * (Twilio's `Timestamp`), epoch seconds, milliseconds or microseconds. Null when unreadable or
 * outside 1990-2100.
 */
export function parseTime(v: Scalar): number | null {
  let ms: number;
  if (typeof v === 'number') {
    ms = epochToMs(v);
  } else {
    const s = text(v);
    if (s === undefined) return null;
    if (isNumeric(s)) ms = epochToMs(Number(s));
    else {
      let iso = s.endsWith(' UTC') || s.endsWith(' GMT') ? s.slice(0, -4) : s;
      if (iso.length >= 16 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
        const tail = iso.slice(10);
        if (iso.charCodeAt(10) === 32) iso = iso.slice(0, 10) + 'T' + tail.slice(1);
        if (!/[zZ+-]/.test(tail.slice(1)) && !/ [A-Z]{3,4}$/.test(tail)) iso += 'Z';
        else if (/ [+-]\d\d:?\d\d$/.test(iso)) iso = iso.replace(/ ([+-])/, '$1');
      }
      ms = Date.parse(iso);
    }
  }
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) return null;
  return ms;
}

export type SipCode = { code: number; reason: string | null } | { error: string } | null;

/**
 * `403`, `"403"`, `SIP 403 Forbidden`, `SIP/2.0 403 Forbidden`, `sip:403`, `603 Network Blocked`.
 * Null when absent; an error when present but not a code in 100-699.
 */
export function parseSipCode(v: Scalar): SipCode {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { error: `SIP code ${v} is not a whole number` };
    if (v === 0) return null;
    return v >= 100 && v <= 699 ? { code: v, reason: null } : { error: `SIP code ${v} is outside 100-699` };
  }
  const s = text(v);
  if (s === undefined) return null;
  if (s.length === 3 && isNumeric(s)) {
    const n = Number(s);
    return n >= 100 && n <= 699 ? { code: n, reason: null } : { error: `SIP code ${s} is outside 100-699` };
  }
  const m = /^(?:sip\/2\.0|sips?)?[\s:/]*(-?\d+)\s*(.*)$/i.exec(s);
  if (!m) return { error: `"${s.slice(0, 40)}" is not a SIP code` };
  const n = Number(m[1]);
  if (n === 0 && !m[2]) return null;
  if (!(n >= 100 && n <= 699)) return { error: `SIP code ${m[1]} is outside 100-699` };
  const reason = m[2]!.trim();
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
const NON_FINAL = new Set(['queued', 'initiated', 'ringing', 'inprogress', 'answered', 'bridged', 'early', 'trying']);

/**
 * A provider's final call status, when a record carries no SIP code, as the SIP response it
 * stands for. Failures without a code (`failed`, `call_rejected`, Asterisk `FAILED`) map to
 * nothing: they might be a 403 or a 503, and guessing would corrupt the analysis.
 */
const STATUS_CODES: Readonly<Record<string, number>> = {
  completed: 200, complete: 200, normalclearing: 200, answer: 200, hangup: 200,
  busy: 486, userbusy: 486,
  noanswer: 480, timeout: 480, unanswered: 480, noansweruser: 480, noanswerresponse: 480,
  canceled: 487, cancelled: 487, cancel: 487, originatorcancel: 487,
  congestion: 503,
  notfound: 404, unallocatednumber: 404,
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
