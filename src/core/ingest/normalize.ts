import { createHash } from 'node:crypto';
import type { CallRecord } from '../call.js';
import { regionOf, type PhoneNormalizer } from '../phone.js';
import { looksLikeReasonHeader } from '../sip/redress-signals.js';
import type { Normalized, RawCall } from './types.js';
import { readTime, type TimeOptions } from './time.js';
import { parseNum, parseQ850, parseSipCode, statusToCode, text } from './values.js';

export interface NormalizeEnv {
  /** The source name stored on every record (`--source`, else the format). */
  source: string;
  phone: PhoneNormalizer;
  /** Zone and date order of times written without them. */
  time?: TimeOptions;
}

/** NUL, escapes and other control characters: never part of a number, and unsafe to print. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function shortText(v: RawCall[keyof RawCall], max = 200): string | null {
  const s = text(v);
  return s === undefined ? null : s.length > max ? s.slice(0, max) : s;
}

/**
 * STIR/SHAKEN attestation as A, B or C (RFC 8588 `attest`): `A`, `b`, `TN-Validation-Passed-A`
 * (Twilio's VerStat) all read; anything else is kept as sent, cut to 8 characters.
 */
function attestationOf(v: RawCall[keyof RawCall]): string | null {
  const s = text(v);
  if (s === undefined) return null;
  const m = /^(?:.*[-_ ])?([abc])$/i.exec(s.trim());
  return m ? m[1]!.toUpperCase() : s.slice(0, 8);
}

/** A call's identity when its source gives none: a hash of what makes the attempt itself. */
function fieldHash(
  startMs: number,
  caller: string,
  callee: string,
  route: string,
  code: number,
  duration: number | null,
): string {
  return (
    'h:' +
    createHash('sha1')
      .update(`${startMs}|${caller}|${callee}|${route}|${code}|${duration ?? ''}`)
      .digest('hex')
      .slice(0, 24)
  );
}

/**
 * Q.850 causes that name one SIP outcome (RFC 3398's mapping, the unambiguous part): 21 "call
 * rejected" could be 401, 403, 407, 603 or 608, so it and the rest tell nothing.
 */
const Q850_CODES: Readonly<Record<number, number>> = {
  1: 404,
  3: 404,
  16: 200,
  17: 486,
  18: 408,
  19: 480,
  28: 484,
  34: 503,
  38: 503,
  41: 503,
  42: 503,
};

/**
 * An export without SIP code or status: an answer time means answered (200); else a Q.850
 * cause that names one outcome. Nothing else is guessed.
 */
function outcomeWithoutStatus(raw: RawCall): { code: number } | null {
  if (text(raw.status) !== undefined) return null;
  const answered = text(raw.answered);
  if (answered !== undefined && answered !== '0') return { code: 200 };
  const q = parseQ850(raw.q850);
  const code = q === null ? undefined : Q850_CODES[q];
  return code === undefined ? null : { code };
}

/** Validates and normalises one mapped record. Bad input is a reject with a reason, never a throw. */
export function normalizeCall(raw: RawCall, env: NormalizeEnv): Normalized {
  let code: number;
  let reason = shortText(raw.sipReason);
  let reasonHeader = shortText(raw.reasonHeader, 1000);
  // A `reason` column holding a whole Reason header (`SIP;cause=603;text="v=analytics1;..."`) is
  // the header, not a phrase: kept whole so its redress contact is not cut at 200 characters.
  const reasonText = text(raw.sipReason);
  if (reasonText !== undefined && looksLikeReasonHeader(reasonText)) {
    reasonHeader ??= reasonText.slice(0, 1000);
    reason = null;
  }
  const sip = parseSipCode(raw.sipCode);
  if (sip && 'error' in sip) return { kind: 'reject', error: sip.error };
  if (sip) {
    code = sip.code;
    if (reason === null) reason = sip.reason;
  } else {
    const st = statusToCode(raw.status);
    if (st === 'non-final')
      return { kind: 'skip', why: `status "${String(text(raw.status)).slice(0, 40)}": not a final outcome` };
    const fallback = st ?? outcomeWithoutStatus(raw);
    if (fallback === null) {
      const s = text(raw.status);
      return {
        kind: 'reject',
        error: s ? `no SIP code, and status "${s.slice(0, 40)}" does not tell one` : 'no SIP code',
      };
    }
    code = fallback.code;
  }

  const startText = raw.start;
  if (text(startText) === undefined) return { kind: 'reject', error: 'no start time' };
  const time = readTime(startText, env.time);
  if ('error' in time) return { kind: 'reject', error: time.error };
  const startMs = time.ms;

  const callerRaw = text(raw.caller);
  if (callerRaw === undefined) return { kind: 'reject', error: 'no caller number' };
  const calleeRaw = text(raw.callee);
  if (calleeRaw === undefined) return { kind: 'reject', error: 'no callee number' };
  if (CONTROL.test(callerRaw)) return { kind: 'reject', error: 'the caller number holds a control character' };
  if (CONTROL.test(calleeRaw)) return { kind: 'reject', error: 'the callee number holds a control character' };
  const caller = env.phone(callerRaw)!;
  const callee = env.phone(calleeRaw)!;

  const route = shortText(raw.route) ?? env.source;
  let durationS = parseNum(raw.duration);
  if (durationS === null) {
    const ms = parseNum(raw.durationMs);
    if (ms !== null) durationS = ms / 1000;
  }
  // Ids are kept whole: two calls whose ids share a long prefix are two calls.
  const callId = text(raw.callId) ?? fieldHash(startMs, caller.number, callee.number, route, code, durationS);
  const attempt = text(raw.attempt);
  const pdd = parseNum(raw.pddMs);
  const progress = parseNum(raw.progressCode);

  const record: CallRecord = {
    source: env.source,
    callId,
    ...(attempt === undefined || /^\|*$/.test(attempt) ? {} : { attempt }),
    startMs,
    caller: caller.number,
    callee: callee.number,
    callerCountry: caller.country,
    callerNpa: caller.npa,
    callerState: caller.state,
    calleeCountry: callee.country,
    calleeNpa: callee.npa,
    calleeState: callee.state,
    calleeRegion: regionOf(callee),
    route,
    sipCode: code,
    sipReason: reason,
    q850Cause: parseQ850(raw.q850),
    durationS,
    campaign: shortText(raw.campaign),
    attestation: attestationOf(raw.attestation),
    hangupSource: shortText(raw.hangupSource, 64),
    pddMs: pdd === null ? null : Math.round(pdd),
    progressCode: progress !== null && progress >= 100 && progress < 200 ? Math.round(progress) : null,
    reasonHeader,
    callInfo: shortText(raw.callInfo, 1000),
  };
  return { kind: 'call', record };
}
