import { UserError } from '../../errors.js';

/**
 * What a walkthrough or escalation is about: a caller number (E.164), a route name, a
 * destination region (NANP area code or ISO country), or `*` for the whole account.
 */
export type SubjectKind = 'number' | 'route' | 'region' | 'account';

export interface Subject {
  kind: SubjectKind;
  value: string;
}

/** `/sip check +1 212 555 0123`, `/sip check telco-east`, `/sip check 512`, `/sip check` (the account). */
export function parseSubject(raw: string | undefined, knownRoutes: readonly string[] = []): Subject {
  const t = (raw ?? '').trim();
  if (!t || t === '*' || t === '403' || /^account$/i.test(t)) return { kind: 'account', value: '*' };
  const digits = t.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return { kind: 'number', value: digits };
  if (/^1?\d{10}$/.test(digits)) return { kind: 'number', value: '+' + (digits.length === 10 ? '1' + digits : digits) };
  if (knownRoutes.includes(t)) return { kind: 'route', value: t };
  if (/^\d{3}$/.test(t) || /^[A-Z]{2}$/.test(t)) return { kind: 'region', value: t };
  return { kind: 'route', value: t };
}

/**
 * Like parseSubject, but a word that is neither a number, a region nor a route seen recently is
 * a mistake the user should hear about, not a walkthrough on nothing.
 */
export function parseKnownSubject(raw: string | undefined, knownRoutes: readonly string[]): Subject {
  const s = parseSubject(raw, knownRoutes);
  if (s.kind === 'route' && !knownRoutes.includes(s.value)) {
    const list = knownRoutes.slice(0, 8).join(', ');
    throw new UserError('subject.unknown', `"${s.value}" is not a caller number (E.164), a destination region or a route in your calls${list ? ` (routes: ${list})` : ''}.`);
  }
  return s;
}

export function subjectOf(value: string): Subject {
  if (value === '*') return { kind: 'account', value };
  if (value.startsWith('+')) return { kind: 'number', value };
  if (/^\d{3}$/.test(value) || /^[A-Z]{2}$/.test(value)) return { kind: 'region', value };
  return { kind: 'route', value };
}

export function subjectLabel(value: string): string {
  const s = subjectOf(value);
  if (s.kind === 'account') return 'all calls';
  if (s.kind === 'region') return `calls into ${value}`;
  if (s.kind === 'route') return `route ${value}`;
  return value;
}
