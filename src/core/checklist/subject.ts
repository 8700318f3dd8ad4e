import { UserError } from '../../errors.js';
import { parseSubjectText, subjectOf, type Subject, type SubjectKind } from '../subject.js';

/** What a walkthrough or escalation is about: the one subject grammar of src/core/subject.ts. */
export type { Subject, SubjectKind };
export { subjectOf };

/** `/sip check +1 212 555 0123`, `/sip check telco-east`, `/sip check 512`, `/sip check` (the account). */
export function parseSubject(raw: string | undefined, knownRoutes: readonly string[], defaultCountry: string): Subject {
  const t = (raw ?? '').trim();
  // `403`: explain's "Walk the checklist" button passes the code, meaning all calls.
  if (t === '403') return { kind: 'account', value: '*' };
  return parseSubjectText(t, { defaultCountry, knownRoutes, errorPrefix: 'subject' });
}

/**
 * Like parseSubject, but a word that is neither a number, a region nor a route seen recently is
 * a mistake the user should hear about, not a walkthrough on nothing.
 */
export function parseKnownSubject(
  raw: string | undefined,
  knownRoutes: readonly string[],
  defaultCountry: string,
): Subject {
  const s = parseSubject(raw, knownRoutes, defaultCountry);
  if (s.kind === 'route' && !knownRoutes.includes(s.value)) {
    const list = knownRoutes.slice(0, 8).join(', ');
    throw new UserError(
      'subject.unknown',
      `"${s.value}" is not a caller number (E.164), a destination region or a route in your calls${list ? ` (routes: ${list})` : ''}.`,
    );
  }
  return s;
}

export function subjectLabel(value: string): string {
  const s = subjectOf(value);
  if (s.kind === 'account') return 'all calls';
  if (s.kind === 'region') return `calls into ${value}`;
  if (s.kind === 'route') return `route ${value}`;
  return value;
}
