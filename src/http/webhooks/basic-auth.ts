import { createHash, timingSafeEqual } from 'node:crypto';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * HTTP Basic credentials (RFC 7617), as Bandwidth sends them when the application is configured
 * with a callback user and password. Compared as hashes so the time taken says nothing about
 * the length or prefix of the secret.
 */
export function verifyBasic(header: string | undefined, user: string, password: string): boolean {
  if (!header || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const okUser = timingSafeEqual(digest(decoded.slice(0, colon)), digest(user));
  const okPass = timingSafeEqual(digest(decoded.slice(colon + 1)), digest(password));
  return okUser && okPass;
}
