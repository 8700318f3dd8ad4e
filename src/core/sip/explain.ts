import {
  causeClass,
  collapsingInto,
  defaultingInto,
  findCause,
  findCode,
  q850For,
  q850ToSip,
  sipToQ850,
  type StackCause,
  type StackCode,
} from './codes.js';
import { decodeReason, type DecodedReason } from './decode-reason.js';
import type { CallInfoValue } from './parse-call-info.js';
import { LOCATIONS, type ReasonValue } from './parse-reason-header.js';
import type { Query } from './parse-query.js';
import type { SipCode, Stack } from './schema.js';

/** One Reason header value, with each part said in words. */
export interface ReasonExplained extends ReasonValue {
  lines: string[];
}

export interface CodeExplanation {
  kind: 'code';
  query: string;
  code: number;
  key: string;
  reason: string;
  class: string;
  registered: boolean;
  references: string[];
  section: string | null;
  summary: string;
  outbound: string;
  causes: string[];
  next_steps: string[];
  q850: number[];
  q850_by_stack: Record<Stack, { cause: number | null; via: StackCause['via']; internal?: string; note?: string }>;
  policy_refusal: boolean;
  note: string | null;
  provenance: string | null;
  blocking: SipCode['blocking'] | null;
  phrase: { text: string; decoded: DecodedReason | null } | null;
  reason_headers: ReasonExplained[];
  /** Call-Info headers pasted with the code, read out (RFC 8688 contact card). */
  call_info: CallInfoExplained[];
}

export interface CallInfoExplained extends CallInfoValue {
  lines: string[];
}

export interface CauseExplanation {
  kind: 'q850';
  query: string;
  cause: number;
  name: string;
  class: string;
  assigned: boolean;
  summary: string | null;
  /** SIP codes that become this cause, by explicit table entry, and in which stacks. */
  from_sip: Array<{ code: number; reason: string; stacks: Stack[] }>;
  /** Catch-all rules that also land here. */
  from_sip_defaults: Array<{ stack: Stack; rule: string }>;
  to_sip: StackCode[];
  reason_headers: ReasonExplained[];
}

export interface PhraseExplanation {
  kind: 'phrase';
  query: string;
  phrase: string;
  matches: Array<{ code: number; key: string; reason: string; summary: string }>;
  causes: Array<{ cause: number; name: string }>;
  decoded: DecodedReason | null;
}

export type Explanation = CodeExplanation | CauseExplanation | PhraseExplanation;

export function explainReason(r: ReasonValue): ReasonExplained {
  const lines: string[] = [];
  if (r.protocol === 'SIP' && r.cause !== null) {
    const c = findCode(r.cause);
    lines.push(`SIP cause ${r.cause}${c ? ` (${c.reason})` : ''}: the SIP response the refusing side meant.`);
  } else if (r.protocol === 'Q.850' && r.cause !== null) {
    const c = findCause(r.cause);
    lines.push(
      `Q.850 cause ${r.cause}${c ? ` (${c.name})` : ' (not assigned in Q.850)'}: the ISDN/ISUP cause, as a gateway or the far switch reported it.`,
    );
  } else if (r.protocol === 'STIR') {
    lines.push(
      `STIR cause ${r.cause ?? '?'}: a STIR/SHAKEN verification error reported upstream (RFC 9410); the call was allowed to continue.`,
    );
  } else {
    lines.push(`${r.protocol} cause ${r.cause ?? '?'}.`);
  }
  if (r.analytics) {
    const a = r.analytics;
    lines.push(`Text \`v=${a.version}\`: an ATIS-1000099 analytics-blocking notice (603+).`);
    if (a.url) lines.push(`Redress URL: ${a.url}`);
    if (a.tel) lines.push(`Redress phone: ${a.tel}`);
    if (a.email) lines.push(`Redress email: ${a.email}`);
    if (a.id) lines.push(`Blocking reference (id): \`${a.id}\`; quote it when you contact them.`);
    if (!a.hasContact)
      lines.push('No url, tel or email: ATIS-1000099 requires at least one; ask the carrier that returned it.');
  } else if (r.text) {
    const d = decodeReason(r.text);
    lines.push(`Text "${r.text}"${d ? `: ${d.label}.` : '.'}`);
  }
  if (r.location) {
    const where = LOCATIONS[r.location];
    lines.push(`Location ${r.location} (RFC 8606): ${where ?? 'not a location token RFC 8606 defines'}.`);
  }
  return { ...r, lines };
}

export function explainCallInfo(c: CallInfoValue): CallInfoExplained {
  const lines: string[] = [];
  if (c.purpose === 'jwscard') {
    lines.push(`Contact card of whoever rejected the call (RFC 8688): ${c.uri}`);
    lines.push(
      "It is a jCard signed as a JWS: fetch it for the blocker's name, phone, email and web form, and ask them to review your number.",
    );
  } else {
    lines.push(`Call-Info ${c.purpose ? `purpose=${c.purpose}` : 'without a purpose'}: ${c.uri}`);
    lines.push('Not an RFC 8688 redress card (that has purpose=jwscard).');
  }
  return { ...c, lines };
}

function codeExplanation(q: Extract<Query, { kind: 'code' }>, input: string): CodeExplanation {
  const c = findCode(q.key);
  if (!c) throw new Error(`no entry for ${q.key}`); // parseQuery only returns known keys
  const byStack = Object.fromEntries(
    sipToQ850(c.code).map((s) => [
      s.stack,
      {
        cause: s.cause,
        via: s.via,
        ...(s.internal ? { internal: s.internal } : {}),
        ...(s.note ? { note: s.note } : {}),
      },
    ]),
  ) as CodeExplanation['q850_by_stack'];
  return {
    kind: 'code',
    query: input,
    code: c.code,
    key: c.key,
    reason: c.reason,
    class: c.class,
    registered: c.registered,
    references: c.references,
    section: c.section ?? null,
    summary: c.summary,
    outbound: c.outbound,
    causes: c.causes,
    next_steps: c.next_steps,
    q850: q850For(c.code),
    q850_by_stack: byStack,
    policy_refusal: c.policy_refusal,
    note: c.note ?? null,
    provenance: c.provenance ?? null,
    blocking: c.blocking ?? null,
    phrase: q.phrase ? { text: q.phrase, decoded: decodeReason(q.phrase) } : null,
    reason_headers: q.reasons.map(explainReason),
    call_info: (q.callInfo ?? []).map(explainCallInfo),
  };
}

function causeExplanation(q: Extract<Query, { kind: 'q850' }>, input: string): CauseExplanation {
  const c = findCause(q.cause);
  return {
    kind: 'q850',
    query: input,
    cause: q.cause,
    name: c?.name ?? 'not assigned in Q.850',
    class: causeClass(q.cause),
    assigned: c !== undefined,
    summary:
      c?.summary ??
      (c
        ? null
        : `Q.850 assigns no meaning to ${q.cause}; receivers treat it as the unspecified cause of its class (${causeClass(q.cause)}).`),
    from_sip: collapsingInto(q.cause).map((x) => ({ ...x, reason: findCode(x.code)?.reason ?? '' })),
    from_sip_defaults: defaultingInto(q.cause),
    to_sip: q850ToSip(q.cause),
    reason_headers: q.reasons.map(explainReason),
  };
}

function phraseExplanation(q: Extract<Query, { kind: 'phrase' }>, input: string): PhraseExplanation {
  return {
    kind: 'phrase',
    query: input,
    phrase: q.phrase,
    matches: q.keys.flatMap((k) => {
      const c = findCode(k);
      return c ? [{ code: c.code, key: c.key, reason: c.reason, summary: c.summary }] : [];
    }),
    causes: q.causes.map((n) => ({ cause: n, name: findCause(n)?.name ?? '' })),
    decoded: q.decoded,
  };
}

/** The knowledge-base answer to a parsed query: what `explain --json` prints, and what the Reply shows. */
export function explain(q: Query, input: string): Explanation {
  if (q.kind === 'code') return codeExplanation(q, input);
  if (q.kind === 'q850') return causeExplanation(q, input);
  return phraseExplanation(q, input);
}
