import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQs, stringify as stringifyQs } from 'node:querystring';

export type FormParams = Record<string, string | string[]>;

/**
 * How repeated parameters enter the signed string. Twilio's validator (twilio-node) sorts a
 * repeated parameter's values and drops duplicates; SignalWire's compatibility validator keeps
 * them in the order they were sent. Parameter names are sorted by both.
 */
export type Repeats = 'sorted-unique' | 'as-sent';

export type TwilioAlgorithm = 'sha1' | 'sha256';

/**
 * Twilio's request signature: base64 HMAC (SHA-1 with the auth token, or SHA-256 when the
 * X-Twilio-Webhooks-Signature-Settings header says so), over the full URL followed by every POST
 * parameter name and value, sorted by name.
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function twilioSignature(
  key: string,
  url: string,
  params: FormParams,
  repeats: Repeats = 'sorted-unique',
  algorithm: TwilioAlgorithm = 'sha1',
): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    const values = !Array.isArray(v) ? [v] : repeats === 'as-sent' ? v : [...new Set(v)].sort();
    for (const value of values) data += name + value;
  }
  return createHmac(algorithm, key).update(data, 'utf8').digest('base64');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** scheme://, userinfo@, host, :port and the rest, split without normalising (what was signed is kept byte for byte). */
function splitUrl(url: string): { head: string; host: string; port: string; rest: string } | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!m) return undefined;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  return {
    head: m[1]! + authority.slice(0, at + 1),
    host: colon < 0 ? hostPort : hostPort.slice(0, colon),
    port: colon < 0 ? '' : hostPort.slice(colon),
    rest: url.slice(m[0].length),
  };
}

function withPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  return `${p.head}${p.host}${p.head.toLowerCase().startsWith('https://') ? ':443' : ':80'}${p.rest}`;
}

function withoutPort(url: string): string {
  const p = splitUrl(url);
  return p ? `${p.head}${p.host}${p.rest}` : url;
}

/** The query string re-encoded the way Node's legacy querystring module does (some back ends signed that form). */
function legacyQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || q === url.length - 1) return url;
  return url.slice(0, q + 1) + stringifyQs(parseQs(url.slice(q + 1)));
}

/**
 * The URLs a provider may have signed for the one we rebuilt: with and without the default
 * port (what a proxy forwards and what was signed may differ on that alone), then, as Twilio's
 * validator does, the WHATWG-normalised URL and its legacy-encoded query.
 */
export function urlVariants(url: string, normalised = true): string[] {
  const out = [withoutPort(url), withPort(url)];
  if (normalised) {
    try {
      const n = new URL(url).toString();
      out.push(withoutPort(n), withPort(n), legacyQuery(withoutPort(n)), legacyQuery(withPort(n)));
    } catch {
      // not a URL: only the string itself can match
    }
  }
  return [...new Set(out)];
}

/** The algorithm named in X-Twilio-Webhooks-Signature-Settings (`...,algorithm=HMAC_SHA256`); SHA-1 when absent; undefined when unknown. */
export function twilioAlgorithm(settings: string | undefined): TwilioAlgorithm | undefined {
  for (const part of (settings ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'algorithm') continue;
    const name = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (!name) break;
    return name === 'HMAC_SHA1' ? 'sha1' : name === 'HMAC_SHA256' ? 'sha256' : undefined;
  }
  return 'sha1';
}

export interface TwilioCheck {
  key: string;
  signature: string | undefined;
  url: string;
  repeats?: Repeats;
  algorithm?: TwilioAlgorithm | undefined;
  /** SignalWire's validator tries the two port forms only. */
  normalised?: boolean;
}

/** A form callback: the signature over the URL and its parameters. */
export function verifyTwilio(check: TwilioCheck, params: FormParams): boolean {
  const { key, signature, url, repeats = 'sorted-unique', algorithm = 'sha1', normalised = true } = check;
  if (!signature) return false;
  return urlVariants(url, normalised).some((u) =>
    safeEqual(twilioSignature(key, u, params, repeats, algorithm), signature),
  );
}

/**
 * A JSON callback: the signature covers the URL alone, whose `bodySHA256` query parameter is
 * the hex SHA-256 of the raw body (Twilio's validateRequestWithBody).
 */
export function verifyTwilioBody(check: TwilioCheck, rawBody: string): boolean {
  let hash: string | null;
  try {
    hash = new URL(check.url).searchParams.get('bodySHA256');
  } catch {
    return false;
  }
  if (!hash) return false;
  const ok = verifyTwilio(check, {});
  return safeEqual(createHash('sha256').update(rawBody, 'utf8').digest('hex'), hash) && ok;
}
