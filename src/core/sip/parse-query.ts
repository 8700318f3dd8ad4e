import { allCodes, findCause, findCode } from './codes.js';
import { decodeReason, type DecodedReason } from './decode-reason.js';
import { parseCallInfo, type CallInfoValue } from './parse-call-info.js';
import { parseReasonHeader, type ReasonValue } from './parse-reason-header.js';

/** What the user pasted, understood. Parsers return results for bad input; they never throw. */
export type Query =
  | {
      kind: 'code';
      /** Key into data/sip-codes.json: "403", "603+". */
      key: string;
      code: number;
      /** The reason phrase as pasted, when it differs from the registry's. */
      phrase: string | null;
      reasons: ReasonValue[];
      /** Call-Info headers pasted with it (RFC 8688: a 608's contact card). */
      callInfo?: CallInfoValue[];
      form: 'bare' | 'status_line' | 'code_phrase' | 'reason_header' | 'phrase' | 'call_info';
    }
  | { kind: 'q850'; cause: number; reasons: ReasonValue[]; form: 'q850' | 'reason_header' }
  | { kind: 'phrase'; phrase: string; keys: string[]; causes: number[]; decoded: DecodedReason | null };

export interface QueryError {
  code: 'sip.unknown_code' | 'sip.unknown_query' | 'sip.empty_query' | 'sip.unknown_cause';
  message: string;
  hints: string[];
}

export type ParseResult = { ok: true; query: Query } | { ok: false; error: QueryError };

const STATUS_LINE = /\bSIP\/2\.0\s+(\d{3})(?:[ \t]+([^\r\n]*))?/i;
const REASON_LINE = /^\s*reason\s*:/i;
const CALL_INFO_LINE = /^\s*call-info\s*:/i;
const BARE_REASON = /^\s*(sip|q\.?850|stir)\s*;\s*(cause|text)\s*=/i;
const Q850 = /^\s*(?:q\.?\s*850|q850|isup|cause)(?:\s*cause)?\s*[:=#]?\s*(\d{1,4})\s*$/i;
const CODE_PHRASE = /^\s*(\d{3})(\+)?(?:\s+(.*))?$/s;

/** SIP headers people paste from a trace that carry no response code, and what each one is. */
const OTHER_HEADERS: Record<string, string> = {
  via: 'the hops the request took (transport, address, branch); it carries no response code',
  from: 'the caller (your number, as sent); no response code',
  to: 'the callee; no response code',
  'call-id': "the call's identifier; useful with `sipbot calls`, but no response code",
  cseq: "the request's sequence number and method; no response code",
  contact: 'where to reach the sender directly; no response code',
  'max-forwards': 'how many more hops the request may take; no response code',
  'user-agent': 'the software that sent the request; no response code',
  server: 'the software that answered; no response code',
  'record-route': 'the proxies that stay in the path; no response code',
  route: 'the proxies the request must pass; no response code',
  'content-type': "the body's type (usually SDP); no response code",
  'content-length': "the body's length; no response code",
  'p-asserted-identity':
    'the caller identity your trunk asserts: carriers check it against your numbers, so a wrong one can earn a 403',
  identity: 'the STIR/SHAKEN signature (attestation A/B/C): a missing or failed one can earn a 603+ or 608',
  diversion: 'where a forwarded call came from; no response code',
  allow: 'the methods the sender supports; no response code',
  supported: 'the extensions the sender supports; no response code',
  warning: 'a free-text warning code from the answering side; read it beside the status line',
  'retry-after': 'when to try again (with 480, 486, 503); no response code itself',
};
const HEADER_LINE = /^\s*([A-Za-z][A-Za-z-]*)\s*:/;

function otherHeader(text: string): ParseResult | null {
  const name = HEADER_LINE.exec(text)?.[1]?.toLowerCase();
  const what = name ? OTHER_HEADERS[name] : undefined;
  if (!name || !what) return null;
  const shown = name
    .replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())
    .replace(/^Call-Id$/, 'Call-ID')
    .replace(/^Cseq$/, 'CSeq');
  return fail('sip.unknown_query', `That is a ${shown} header: ${what}.`, [
    'The answer is in the status line (`SIP/2.0 403 Forbidden`) or the Reason header (`Reason: Q.850;cause=21`): paste one of those.',
  ]);
}

const ok = (query: Query): ParseResult => ({ ok: true, query });
const fail = (code: QueryError['code'], message: string, hints: string[] = []): ParseResult => ({
  ok: false,
  error: { code, message, hints },
});

function isPlus(code: number, phrase: string | null, reasons: ReasonValue[], plus = false): boolean {
  if (code !== 603) return false;
  return plus || (phrase !== null && /network\s*blocked/i.test(phrase)) || reasons.some((r) => r.analytics !== null);
}

const cls = (c: number): number => Math.floor(c / 100);

/** Registered codes closest to n, nearest first, same class preferred. */
function nearest(n: number, count = 3): string[] {
  return allCodes()
    .filter((c) => c.registered)
    .map((c) => c.code)
    .filter((c, i, a) => a.indexOf(c) === i)
    .sort((a, b) => Number(cls(a) !== cls(n)) - Number(cls(b) !== cls(n)) || Math.abs(a - n) - Math.abs(b - n) || a - b)
    .slice(0, count)
    .map(String);
}

function codeQuery(
  code: number,
  phrase: string | null,
  reasons: ReasonValue[],
  form: Extract<Query, { kind: 'code' }>['form'],
  plus = false,
): ParseResult {
  if (code < 100 || code > 699) {
    const hints = ['Try a code such as `403`, a status line (`SIP/2.0 403 Forbidden`) or `q850 21`.'];
    if (code >= 1 && code <= 127) hints.unshift(`Q.850 cause ${code}? Try \`q850 ${code}\`.`);
    return fail('sip.unknown_code', `No SIP response ${code}. Codes run from 100 to 699.`, hints);
  }
  const key = isPlus(code, phrase, reasons, plus) ? '603+' : String(code);
  const entry = findCode(key);
  if (!entry) {
    const cls = Math.floor(code / 100) * 100;
    return fail('sip.unknown_code', `${code} is not a registered SIP response code.`, [
      `RFC 3261 §8.1.3.2: a client treats an unknown response as the x00 of its class, here ${cls} ${findCode(cls)?.reason ?? ''}.`.replace(
        / \./,
        '.',
      ),
      `Registered codes nearby: ${nearest(code).join(', ')}.`,
    ]);
  }
  const cleanPhrase = phrase?.trim() || null;
  const samePhrase =
    cleanPhrase !== null && [entry.reason, ...entry.aliases].some((p) => p.toLowerCase() === cleanPhrase.toLowerCase());
  return ok({ kind: 'code', key, code, phrase: samePhrase ? null : cleanPhrase, reasons, form });
}

function causeQuery(cause: number, reasons: ReasonValue[], form: 'q850' | 'reason_header'): ParseResult {
  if (cause < 1 || cause > 127)
    return fail(
      'sip.unknown_cause',
      `No Q.850 cause ${cause}. Cause values run from 1 to 127.`,
      cause >= 100 && cause <= 699 ? [`SIP response ${cause}? Try \`${cause}\`.`] : [],
    );
  return ok({ kind: 'q850', cause, reasons, form });
}

/** From the Reason values alone: a SIP cause is a code, a Q.850 cause is a cause. */
function fromReasons(reasons: ReasonValue[]): ParseResult | null {
  const analytics = reasons.find((r) => r.analytics !== null);
  if (analytics) return codeQuery(603, 'Network Blocked', reasons, 'reason_header', true);
  // RFC 9410's STIR protocol carries a SIP status code (436-438) as its cause, like SIP does.
  const sip = reasons.find((r) => (r.protocol === 'SIP' || r.protocol === 'STIR') && r.cause !== null);
  if (sip?.cause != null) return codeQuery(sip.cause, null, reasons, 'reason_header');
  const q = reasons.find((r) => r.protocol === 'Q.850' && r.cause !== null);
  if (q?.cause != null) return causeQuery(q.cause, reasons, 'reason_header');
  return null;
}

/** Letters people type for digits: `4O3`, `4o4`, `48l`. */
function digitsFromTypo(s: string): string | null {
  if (!/^[\dOoIlS]{3,4}$/.test(s) || /^\d+$/.test(s)) return null;
  return s.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5');
}

function phraseQuery(text: string): ParseResult {
  const phrase = text.trim().replace(/\s+/g, ' ');
  // One or two letters match half the registry (`y` matched 45 phrases): not a search.
  if (phrase.replace(/[^a-z]/gi, '').length < 3) {
    const exact = allCodes().find((c) =>
      [c.reason, ...c.aliases].some((p) => p.toLowerCase() === phrase.toLowerCase()),
    );
    if (exact) return ok({ kind: 'code', key: exact.key, code: exact.code, phrase: null, reasons: [], form: 'phrase' });
    return fail('sip.unknown_query', `"${phrase}" is too short to look up.`, [
      'Paste a code (`403`), a status line (`SIP/2.0 403 Forbidden`), a Reason header (`Reason: Q.850;cause=21`) or a phrase (`busy`).',
    ]);
  }
  const words = phrase.toLowerCase().split(' ');
  const matches = (name: string): boolean => {
    const n = name.toLowerCase();
    return words.every((w) => n.includes(w));
  };
  const keys = allCodes()
    .filter((c) => matches(c.reason) || c.aliases.some(matches))
    .map((c) => c.key);
  const causes: number[] = [];
  for (let c = 1; c <= 127; c++) {
    const cause = findCause(c);
    if (cause && (matches(cause.name) || (cause.symbol && matches(cause.symbol.replace(/_/g, ' '))))) causes.push(c);
  }
  const decoded = decodeReason(phrase);
  if (keys.length === 1 && causes.length === 0) {
    const key = keys[0] ?? '';
    const entry = findCode(key);
    if (entry) return ok({ kind: 'code', key, code: entry.code, phrase: null, reasons: [], form: 'phrase' });
  }
  if (keys.length === 0 && causes.length === 0 && !decoded) {
    return fail('sip.unknown_query', `Nothing matches "${phrase.slice(0, 80)}".`, [
      'Paste a code (`403`), a status line (`SIP/2.0 403 Forbidden`), a Reason header (`Reason: Q.850;cause=21`) or `q850 21`.',
    ]);
  }
  return ok({ kind: 'phrase', phrase, keys, causes, decoded });
}

/**
 * Understands what people paste: `403`, `SIP/2.0 403 Forbidden`, `603 Network Blocked`, `603+`,
 * a whole `Reason:` header, `q850 21`, a phrase (`busy`), or several lines of a SIP trace.
 */
export function parseQuery(input: string): ParseResult {
  const text = input.trim();
  if (!text)
    return fail('sip.empty_query', 'Give a SIP code, a status line, a Reason header or `q850 <cause>`.', [
      'Example: `403`, `SIP/2.0 603 Network Blocked`, `q850 21`.',
    ]);

  const lines = text.split(/\r?\n/);
  const reasons = lines.filter((l) => REASON_LINE.test(l)).flatMap((l) => parseReasonHeader(l));
  const callInfo = lines.filter((l) => CALL_INFO_LINE.test(l)).flatMap((l) => parseCallInfo(l));
  const withInfo = (r: ParseResult): ParseResult =>
    callInfo.length && r.ok && r.query.kind === 'code' ? { ok: true, query: { ...r.query, callInfo } } : r;
  const status = STATUS_LINE.exec(text);
  if (status) {
    const phrase = (status[2] ?? '').trim() || null;
    return withInfo(codeQuery(Number(status[1]), phrase, reasons, 'status_line'));
  }
  // A Call-Info header alone: RFC 8688 defines it on 608 Rejected, so that is what it explains.
  if (callInfo.length && !reasons.length) return withInfo(codeQuery(608, null, [], 'call_info'));
  if (reasons.length > 0 || lines.some((l) => REASON_LINE.test(l)) || BARE_REASON.test(text)) {
    const rs = reasons.length > 0 ? reasons : parseReasonHeader(text);
    const r = fromReasons(rs);
    if (r) return withInfo(r);
    return fail('sip.unknown_query', 'That Reason header has no cause I can read.', [
      'Expected e.g. `Reason: Q.850;cause=21;text="Call Rejected"`.',
    ]);
  }

  const q = Q850.exec(text);
  if (q) return causeQuery(Number(q[1]), [], 'q850');

  const cp = CODE_PHRASE.exec(text);
  if (cp) return codeQuery(Number(cp[1]), cp[3]?.trim() || null, [], cp[3] ? 'code_phrase' : 'bare', cp[2] === '+');

  const header = otherHeader(text);
  if (header) return header;

  const firstWord = text.split(/\s+/)[0] ?? '';
  const typo = digitsFromTypo(firstWord);
  if (typo) {
    const n = Number(typo.slice(0, 3));
    const known = findCode(n) !== undefined;
    return fail(
      'sip.unknown_code',
      `"${firstWord}" is not a SIP code.${known ? ` Did you mean ${n}?` : ''}`,
      known ? [`Try \`${n}\`.`] : [],
    );
  }
  if (/^\d+$/.test(firstWord)) {
    const n = Number(firstWord);
    if (firstWord.length === 4 && findCode(firstWord.slice(0, 3))) {
      return fail(
        'sip.unknown_code',
        `No SIP response ${firstWord}. Codes have three digits. Did you mean ${firstWord.slice(0, 3)}?`,
        [`Try \`${firstWord.slice(0, 3)}\`.`],
      );
    }
    return codeQuery(n, null, [], 'bare');
  }
  return phraseQuery(text);
}
