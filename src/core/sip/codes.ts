import { q850Data, sipCodes } from './load.js';
import type { Q850Cause, SipCode, Stack } from './schema.js';

export const STACKS: readonly Stack[] = ['rfc3398', 'freeswitch', 'asterisk'];
export const STACK_NAMES: Record<Stack, string> = {
  rfc3398: 'RFC 3398',
  freeswitch: 'FreeSWITCH',
  asterisk: 'Asterisk',
};

/** A code by key: "403", or "603+" for the ATIS-1000099 profile. */
export function findCode(key: string | number): SipCode | undefined {
  const k = String(key);
  return sipCodes().codes.find((c) => c.key === k);
}

export function allCodes(): SipCode[] {
  return sipCodes().codes;
}

export function findCause(cause: number): Q850Cause | undefined {
  return q850Data().causes.find((c) => c.cause === cause);
}

/** Q.850 class of a cause value (Q.850 §2.2.7.1): the first three bits of the 7-bit value. */
export function causeClass(cause: number): string {
  const classes = [
    'normal event',
    'normal event',
    'resource unavailable',
    'service or option not available',
    'service or option not implemented',
    'invalid message',
    'protocol error',
    'interworking',
  ];
  return classes[Math.floor(cause / 16)] ?? 'unknown';
}

export interface StackCause {
  stack: Stack;
  /** The Q.850 cause; null when the stack maps to an internal cause or not at all. */
  cause: number | null;
  /** table: listed; default: class or catch-all default; internal: a non-Q.850 cause; none: not mapped. */
  via: 'table' | 'default' | 'internal' | 'none';
  internal?: string;
  note?: string;
}

/** How each stack turns a SIP final response into a Q.850 cause. */
export function sipToQ850(code: number): StackCause[] {
  const d = q850Data();
  return STACKS.map((stack): StackCause => {
    const note = d.notes[`${stack}:${code}`];
    const withNote = (s: StackCause): StackCause => (note ? { ...s, note } : s);
    const internal = Object.values(d.internal).find((i) => i.stack === stack && i.codes.includes(code));
    if (internal) return withNote({ stack, cause: null, via: 'internal', internal: internal.symbol });
    const listed = d.sip_to_q850[stack][String(code)];
    if (listed !== undefined) return withNote({ stack, cause: listed, via: 'table' });
    if (code < 300) return withNote({ stack, cause: null, via: 'none' });
    if (stack === 'rfc3398' && (code === 487 || code === 488 || code === 606))
      return withNote({ stack, cause: null, via: 'none' });
    const defaults = d.sip_to_q850_default[stack];
    const def = defaults[`${String(code)[0]}xx`] ?? defaults['*'];
    return withNote(def === undefined ? { stack, cause: null, via: 'none' } : { stack, cause: def, via: 'default' });
  });
}

/** The distinct Q.850 causes a code becomes, for explain --json `q850`. RFC 3398 first. */
export function q850For(code: number): number[] {
  const out: number[] = [];
  for (const s of sipToQ850(code)) if (s.cause !== null && !out.includes(s.cause)) out.push(s.cause);
  return out;
}

export interface StackCode {
  stack: Stack;
  code: number;
  via: 'table' | 'default';
  note?: string;
}

/** How each stack turns a Q.850 cause received from the PSTN into a SIP response. */
export function q850ToSip(cause: number): StackCode[] {
  const d = q850Data();
  return STACKS.map((stack): StackCode => {
    const note = d.notes[`${stack}:q${cause}`];
    const listed = d.q850_to_sip[stack][String(cause)];
    const base: StackCode =
      listed !== undefined
        ? { stack, code: listed, via: 'table' }
        : { stack, code: d.q850_to_sip_default[stack], via: 'default' };
    return note ? { ...base, note } : base;
  });
}

/**
 * Every SIP code that some stack turns into this cause by an explicit table entry (defaults
 * are left out: "every 4xx Asterisk does not know" is not a list anyone can act on).
 */
export function collapsingInto(cause: number): Array<{ code: number; stacks: Stack[] }> {
  const d = q850Data();
  const byCode = new Map<number, Stack[]>();
  for (const stack of STACKS) {
    for (const [code, c] of Object.entries(d.sip_to_q850[stack])) {
      if (c !== cause) continue;
      const n = Number(code);
      byCode.set(n, [...(byCode.get(n) ?? []), stack]);
    }
  }
  return [...byCode.entries()].sort((a, b) => a[0] - b[0]).map(([code, stacks]) => ({ code, stacks }));
}

/** Codes a stack maps to this cause only through its default (e.g. Asterisk: 607, 608 -> 127). */
export function defaultingInto(cause: number): Array<{ stack: Stack; rule: string }> {
  const d = q850Data();
  const out: Array<{ stack: Stack; rule: string }> = [];
  for (const stack of STACKS) {
    for (const [cls, c] of Object.entries(d.sip_to_q850_default[stack])) {
      if (c === cause)
        out.push({ stack, rule: cls === '*' ? 'any response not in its table' : `any ${cls} not in its table` });
    }
  }
  return out;
}
