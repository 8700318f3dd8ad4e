import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormParams = Record<string, string | string[]>;

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the auth token, over the full URL
 * followed by every POST parameter name and value, parameters sorted by name (a repeated
 * parameter contributes each value, values sorted).
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function twilioSignature(key: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    for (const value of Array.isArray(v) ? [...v].sort() : [v]) data += name + value;
  }
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Twilio's own validators try the URL with and without an explicit default port, because what a
 * proxy forwards and what Twilio signed may differ on that alone.
 */
export function urlVariants(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    const port = u.protocol === 'https:' ? '443' : '80';
    if (u.port === '') {
      const withPort = `${u.protocol}//${u.username ? `${u.username}:${u.password}@` : ''}${u.hostname}:${port}${u.pathname}${u.search}`;
      out.push(withPort);
    } else if (u.port === port) {
      u.port = '';
      out.push(u.toString());
    }
  } catch {
    // not a URL: only the string itself can match
  }
  return out;
}

export function verifyTwilio(key: string, signature: string | undefined, url: string, params: FormParams): boolean {
  if (!signature) return false;
  return urlVariants(url).some((u) => safeEqual(twilioSignature(key, u, params), signature));
}
