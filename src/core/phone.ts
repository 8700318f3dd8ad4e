import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import npaTable from '../../data/npa.json' with { type: 'json' };

/** A number as stored: E.164 when it parses, with where it is. */
export interface PhoneInfo {
  /** E.164 (`+12125550123`), or the trimmed input when it is not a phone number (`anonymous`). */
  number: string;
  country: string | null;
  /** NANP area code, for +1 numbers. */
  npa: string | null;
  /** NANP state / province / territory code, where the area code has one. */
  state: string | null;
}

type NpaEntry = readonly [country: string, state: string | null];
const NPA: Readonly<Record<string, NpaEntry>> = npaTable as unknown as Record<string, NpaEntry>;

/** Countries whose national numbers are NANP 10-digit numbers (the default-country fast path). */
const NANP_COUNTRIES = new Set(Object.values(NPA).map((e) => e[0]));

export function npaInfo(npa: string): { country: string; state: string | null } | undefined {
  const e = NPA[npa];
  return e ? { country: e[0], state: e[1] } : undefined;
}

/** The analysis key for a destination: NANP area code, else ISO country, else '??'. */
export function regionOf(p: PhoneInfo): string {
  return p.npa ?? p.country ?? '??';
}

/** The user part of `sip:+1212...@host;user=phone`, `<tel:+1...>`, `"Name" <sip:...>`. */
function userPart(s: string): string {
  let v = s;
  const lt = v.indexOf('<');
  if (lt >= 0) v = v.slice(lt + 1, v.indexOf('>', lt) > 0 ? v.indexOf('>', lt) : undefined);
  const colon = v.indexOf(':');
  if (colon >= 0 && /^(sips?|tel)$/i.test(v.slice(0, colon))) v = v.slice(colon + 1);
  const at = v.indexOf('@');
  if (at >= 0) v = v.slice(0, at);
  const semi = v.indexOf(';');
  if (semi >= 0) v = v.slice(0, semi);
  return v;
}

function isDigits(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `212-555-0123`, `(212) 555 0123`, `+1.212.555.0123` -> digits with an optional leading '+'. */
function compact(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === ' ' || ch === '-' || ch === '(' || ch === ')' || ch === '.' || ch === '\t') continue;
    out += ch;
  }
  return out;
}

/**
 * NANP numbers without libphonenumber: a dialer's traffic is mostly +1 numbers, and parsing each
 * with libphonenumber costs ~20 us. The NPA table (data/npa.json, checked against libphonenumber's
 * metadata by a test) tells valid area codes and their country; exchanges start with 2-9.
 */
function nanpFast(d: string, nanpDefault: boolean): PhoneInfo | undefined {
  let ten: string;
  if (d.length === 12 && d.charCodeAt(0) === 43 && d.charCodeAt(1) === 49 && isDigits(d, 2)) ten = d.slice(2);
  else if (nanpDefault && d.length === 11 && d.charCodeAt(0) === 49 && isDigits(d, 0)) ten = d.slice(1);
  else if (nanpDefault && d.length === 10 && isDigits(d, 0)) ten = d;
  else return undefined;
  const e = NPA[ten.slice(0, 3)];
  const x = ten.charCodeAt(3);
  if (!e || x < 50) return undefined; // exchange must be 2-9
  return { number: '+1' + ten, country: e[0], npa: ten.slice(0, 3), state: e[1] };
}

function viaLibphonenumber(d: string, defaultCountry: CountryCode): PhoneInfo | undefined {
  let p = parsePhoneNumberFromString(d, defaultCountry);
  // Dialers often write international numbers without '+' (442071234567): try that too.
  if ((!p || !p.isValid()) && d[0] !== '+' && d.length >= 11 && d.length <= 15) {
    const intl = parsePhoneNumberFromString('+' + d);
    if (intl?.isValid()) p = intl;
  }
  if (!p || !p.isPossible()) return undefined;
  // A national number that is no valid number of the default country (`0715100860` read in US)
  // would become a wrong E.164 (+10715100860): keep it as written instead.
  if (d[0] !== '+' && !p.isValid()) return undefined;
  const national = p.nationalNumber as string;
  if (p.countryCallingCode === '1' && national.length === 10) {
    const e = NPA[national.slice(0, 3)];
    return {
      number: p.number as string,
      country: e?.[0] ?? p.country ?? null,
      npa: national.slice(0, 3),
      state: e?.[1] ?? null,
    };
  }
  return { number: p.number as string, country: p.isValid() ? (p.country ?? null) : null, npa: null, state: null };
}

export type PhoneNormalizer = (raw: string) => PhoneInfo | null;

/**
 * A normaliser for one default country, with a bounded cache of the slow path (callers repeat:
 * a dialer's few dozen caller IDs appear on every row). Returns null for an empty value.
 */
export function createPhoneNormalizer(defaultCountry: string, cacheSize = 10_000): PhoneNormalizer {
  const country = defaultCountry.toUpperCase() as CountryCode;
  const nanpDefault = NANP_COUNTRIES.has(country);
  const cache = new Map<string, PhoneInfo>();
  return (raw: string): PhoneInfo | null => {
    const s = raw.trim();
    if (s === '') return null;
    const fast = nanpFast(s, nanpDefault);
    if (fast) return fast;
    const hit = cache.get(s);
    if (hit) return hit;
    const d = compact(userPart(s));
    let info = nanpFast(d, nanpDefault);
    if (!info) {
      const digits = d.startsWith('00') ? '+' + d.slice(2) : d;
      if (/^\+?\d{3,17}$/.test(digits)) info = viaLibphonenumber(digits, country);
    }
    const result = info ?? { number: s, country: null, npa: null, state: null };
    if (cache.size >= cacheSize) cache.clear();
    cache.set(s, result);
    return result;
  };
}
