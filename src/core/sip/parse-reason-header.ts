/**
 * The Reason header (RFC 3326, RFC 6432 for responses, RFC 8606 `location`), including the
 * ATIS-1000099 603+ text (`v=analytics1;url=...;tel=...;email=...;id=...`).
 */
export interface ReasonValue {
  /** `SIP`, `Q.850`, `STIR` (RFC 9410) or whatever token was sent. */
  protocol: string;
  cause: number | null;
  text: string | null;
  /** RFC 8606 cause location token (`LN`, `TN`, ...), upper-cased. */
  location: string | null;
  /** Other parameters as sent. */
  params: Record<string, string>;
  /** Present when the text is an ATIS-1000099 analytics notice. */
  analytics: AnalyticsNotice | null;
}

export interface AnalyticsNotice {
  version: string;
  url?: string;
  tel?: string;
  email?: string;
  id?: string;
  /** Anything else in the text, as key=value pairs. */
  other: Record<string, string>;
  /** ATIS-1000099 asks for at least one of url, tel, email. */
  hasContact: boolean;
}

/** RFC 8606 location tokens (the ISUP/Q.850 cause location values). */
export const LOCATIONS: Record<string, string> = {
  U: "the user (the called party's own equipment)",
  LPN: 'a private network serving the local user',
  LN: 'the public network serving the local user',
  TN: 'a transit network',
  RLN: 'the public network serving the remote user',
  RPN: 'a private network serving the remote user',
  INTL: 'an international network',
  BI: 'a network beyond the interworking point',
};

/** Splits on a separator outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (ch === '\\' && quoted && i + 1 < s.length) {
      cur += ch + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** Parses `v=analytics1;url=...;tel=...` text; null when it is not an analytics notice. */
export function parseAnalyticsText(text: string): AnalyticsNotice | null {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  const pairs = parts.map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim()];
  }) as Array<[string, string]>;
  const first = pairs[0];
  if (!first || first[0] !== 'v' || !/^analytics\d+$/i.test(first[1])) return null;
  const notice: AnalyticsNotice = { version: first[1], other: {}, hasContact: false };
  for (const [k, v] of pairs.slice(1)) {
    if (k === 'url' || k === 'tel' || k === 'email' || k === 'id') notice[k] = v;
    else notice.other[k] = v;
  }
  notice.hasContact = Boolean(notice.url || notice.tel || notice.email);
  return notice;
}

/**
 * Parses a Reason header value (with or without the `Reason:` name). Several values, comma
 * separated, give several results. Returns [] when nothing looks like a Reason value.
 */
export function parseReasonHeader(input: string): ReasonValue[] {
  const value = input.trim().replace(/^reason\s*:\s*/i, '');
  const out: ReasonValue[] = [];
  for (const item of splitOutsideQuotes(value, ',')) {
    const [proto = '', ...rawParams] = splitOutsideQuotes(item, ';');
    const protocol = proto.trim();
    if (!/^[A-Za-z][\w.-]*$/.test(protocol)) continue;
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) {
        if (p.trim()) params[p.trim().toLowerCase()] = '';
        continue;
      }
      params[p.slice(0, eq).trim().toLowerCase()] = unquote(p.slice(eq + 1));
    }
    const causeRaw = params.cause;
    if (causeRaw === undefined && params.text === undefined) continue;
    const cause = causeRaw !== undefined && /^\d{1,3}$/.test(causeRaw.trim()) ? Number(causeRaw.trim()) : null;
    const text = params.text ?? null;
    const { cause: _c, text: _t, location: loc, ...rest } = params;
    out.push({
      protocol: /^q\.?850$/i.test(protocol) ? 'Q.850' : protocol.toUpperCase(),
      cause,
      text,
      location: loc ? loc.trim().toUpperCase() : null,
      params: rest,
      analytics: text ? parseAnalyticsText(text) : null,
    });
  }
  return out;
}
