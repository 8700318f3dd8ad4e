/**
 * The Call-Info header (RFC 3261 §20.9) as RFC 8688 uses it on 608 Rejected: the intermediary
 * that rejected the call names where its contact card is, `<https://...>;purpose=jwscard` (a
 * jCard, RFC 7095, signed as a JWS, RFC 7515). Parsers return results; they never throw.
 */
export interface CallInfoValue {
  uri: string;
  /** `jwscard` (RFC 8688), `icon`, `info`, `card` (RFC 3261), or whatever was sent, lower-cased. */
  purpose: string | null;
  params: Record<string, string>;
}

/** Splits on commas outside `<...>` and quotes (a URI may hold commas). */
function splitValues(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let angle = 0;
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    if (ch === ',' && angle === 0 && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Parses a Call-Info header value (with or without the `Call-Info:` name); [] when none is there. */
export function parseCallInfo(input: string): CallInfoValue[] {
  const value = input.trim().replace(/^call-info\s*:\s*/i, '');
  const out: CallInfoValue[] = [];
  for (const item of splitValues(value)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/s.exec(item);
    if (!m || !m[1]!.trim()) continue;
    const params: Record<string, string> = {};
    for (const p of m[2]!.split(';')) {
      const t = p.trim();
      if (!t) continue;
      const eq = t.indexOf('=');
      const k = (eq < 0 ? t : t.slice(0, eq)).trim().toLowerCase();
      params[k] =
        eq < 0
          ? ''
          : t
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/s, '$1');
    }
    const { purpose, ...rest } = params;
    out.push({ uri: m[1]!.trim(), purpose: purpose ? purpose.toLowerCase() : null, params: rest });
  }
  return out;
}

/** The RFC 8688 contact card of a 608, if the header names one. */
export function jwsCardUri(input: string | null | undefined): string | null {
  if (!input) return null;
  return parseCallInfo(input).find((c) => c.purpose === 'jwscard')?.uri ?? null;
}
