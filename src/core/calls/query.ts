import { UserError } from '../../errors.js';
import type { CallFilter } from '../../store/call-list.js';

/** What a calls listing is about: a caller number, a route, a destination region, or everything. */
export type CallSubject = { kind: 'number' | 'route' | 'region'; value: string } | { kind: 'account' };

/** One calls listing: a window, a subject, a code, refusals only or not, and the page shown. */
export interface CallQuery {
  fromMs: number;
  toMs: number;
  subject: CallSubject;
  /** `403`, `603+` (603 "Network Blocked"), `486`... */
  code?: string;
  /** Only refusals by policy (403, 603+, 607, 608). */
  blocked: boolean;
  page: number;
}

export const PAGE_SIZE = 15;
/** Pages are read with OFFSET: bound it, the CSV carries the rest. */
export const MAX_PAGE = 200;

/** `403` -> {code 403}, `603+` -> 603 Network Blocked; anything else is a UserError. */
export function parseCode(code: string): { code: number; networkBlocked?: boolean } {
  const m = /^([1-6]\d\d)(\+?)$/.exec(code.trim());
  if (!m) throw new UserError('calls.bad_code', `"${code}" is not a SIP code; try 403, 603+ or 608.`);
  return m[2] ? { code: Number(m[1]), networkBlocked: true } : { code: Number(m[1]) };
}

export function toFilter(q: CallQuery): CallFilter {
  const f: CallFilter = { fromMs: q.fromMs, toMs: q.toMs, blocked: q.blocked };
  const s = q.subject;
  if (s.kind === 'number') f.caller = s.value;
  else if (s.kind === 'route') f.route = s.value;
  else if (s.kind === 'region') f.region = s.value;
  if (q.code !== undefined) f.code = parseCode(q.code);
  return f;
}

const KIND_TAG = { number: 'n', route: 'r', region: 'g' } as const;

/** A subject in a button value: `n:+12125550123`, `r:sipline`, `g:512`, `*`. */
export function subjectToken(s: CallSubject): string {
  return s.kind === 'account' ? '*' : `${KIND_TAG[s.kind]}:${s.value}`;
}

export function subjectFromToken(t: string): CallSubject {
  if (t === '*' || t === '') return { kind: 'account' };
  const m = /^([nrg]):(.+)$/.exec(t);
  if (!m) throw new UserError('calls.bad_button', 'That button has expired; run `/sip calls` again.');
  const kind = m[1] === 'n' ? 'number' : m[1] === 'r' ? 'route' : 'region';
  return { kind, value: m[2]! };
}

/**
 * A query as a button value: `fromMs|toMs|subject|code|b|page` (base 36 times keep it short;
 * the adapters store values too long for Discord's 100-character custom_id).
 */
export function encodeQuery(q: CallQuery): string {
  return [
    q.fromMs.toString(36),
    q.toMs.toString(36),
    subjectToken(q.subject),
    q.code ?? '',
    q.blocked ? 'b' : 'a',
    String(q.page),
  ].join('|');
}

export function decodeQuery(v: string): CallQuery {
  const parts = v.split('|');
  const [from = '', to = '', subject = '', code = '', b = '', page = '0'] = parts;
  const fromMs = Number.parseInt(from, 36);
  const toMs = Number.parseInt(to, 36);
  const p = Number(page);
  if (
    parts.length !== 6 ||
    !Number.isFinite(fromMs) ||
    !Number.isFinite(toMs) ||
    fromMs >= toMs ||
    !Number.isInteger(p) ||
    p < 0
  ) {
    throw new UserError('calls.bad_button', 'That button has expired; run `/sip calls` again.');
  }
  return {
    fromMs,
    toMs,
    subject: subjectFromToken(subject),
    ...(code ? { code } : {}),
    blocked: b === 'b',
    page: Math.min(p, MAX_PAGE),
  };
}

/** "calls from +12125550123", "refused calls on route sipline with 603+". */
export function describeQuery(q: Pick<CallQuery, 'subject' | 'code' | 'blocked'>): string {
  const what = q.blocked ? 'Refused calls' : 'Calls';
  const s = q.subject;
  const where =
    s.kind === 'number'
      ? ` from ${s.value}`
      : s.kind === 'route'
        ? ` on ${s.value}`
        : s.kind === 'region'
          ? ` into ${s.value}`
          : '';
  return `${what}${where}${q.code ? ` with ${q.code}` : ''}`;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');
}

/** `calls-sipline-refused-20261120T1410Z-20261121T1410Z.csv`: the subject and window, safe on every OS. */
export function csvFilename(q: Pick<CallQuery, 'subject' | 'code' | 'blocked' | 'fromMs' | 'toMs'>): string {
  const s = q.subject;
  const subject = s.kind === 'account' ? 'all' : s.value.replace(/[^\w+.-]/g, '_');
  const code = q.code ? `-${q.code.replace('+', 'plus')}` : '';
  return `calls-${subject}${code}${q.blocked ? '-refused' : ''}-${stamp(q.fromMs)}Z-${stamp(q.toMs)}Z.csv`;
}
