/**
 * The one grammar for a subject a user types, in `/sip patterns`, `/sip check`, `/sip escalate`,
 * digest filters and the CLI: a caller number in any format (national numbers read in
 * SIPBOT_DEFAULT_COUNTRY, so `(212) 555-0123` is the same number everywhere), a destination region
 * (a 3-digit NANP area code or an ISO country code), a route name, or the whole account.
 */
import { UserError } from '../errors.js';
import { createPhoneNormalizer } from './phone.js';

export type SubjectKind = 'number' | 'route' | 'region' | 'account';

export interface Subject {
  kind: SubjectKind;
  value: string;
}

export interface SubjectGrammar {
  defaultCountry: string;
  /** Routes seen in the calls: a known route name wins over every other reading. */
  knownRoutes?: readonly string[];
  /** Error codes are `<prefix>.bad_number` / `<prefix>.bad_subject`. */
  errorPrefix?: string;
}

const PHONE = /^[+(]?\d[\d\s().-]{6,}$/;

export function parseSubjectText(raw: string | undefined, g: SubjectGrammar): Subject {
  const s = (raw ?? '').trim();
  const prefix = g.errorPrefix ?? 'subject';
  if (!s || s === '*' || /^(account|all)$/i.test(s)) return { kind: 'account', value: '*' };
  if (g.knownRoutes?.includes(s)) return { kind: 'route', value: s };
  if (/^[A-Z]{2}$/.test(s) || /^\d{3}$/.test(s)) return { kind: 'region', value: s };
  if (PHONE.test(s)) {
    const p = createPhoneNormalizer(g.defaultCountry)(s);
    if (!p || !/^\+[1-9]\d{6,14}$/.test(p.number))
      throw new UserError(`${prefix}.bad_number`, `"${s}" is not a phone number.`);
    return { kind: 'number', value: p.number };
  }
  if (!/^[\w.:@-]{1,64}$/.test(s)) {
    throw new UserError(`${prefix}.bad_subject`, `"${s}" is not a caller number, route, area code or country.`, [
      'Numbers: +12125550123 or (212) 555-0123; routes by name, e.g. telco-east; regions: 512 or GB.',
    ]);
  }
  return { kind: 'route', value: s };
}

/** A stored subject value back to its kind: `*`, `+1...`, `512` / `GB`, else a route. */
export function subjectOf(value: string): Subject {
  if (value === '*') return { kind: 'account', value };
  if (value.startsWith('+')) return { kind: 'number', value };
  if (/^\d{3}$/.test(value) || /^[A-Z]{2}$/.test(value)) return { kind: 'region', value };
  return { kind: 'route', value };
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known values nearest to what was typed, closest first. */
export function nearest(value: string, known: readonly string[], max = 5): string[] {
  const v = value.toLowerCase();
  return [...known]
    .map((k) => ({
      k,
      d: distance(v, k.toLowerCase()) - (k.toLowerCase().includes(v) || v.includes(k.toLowerCase()) ? 2 : 0),
    }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((x) => x.k);
}
