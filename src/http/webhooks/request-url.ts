import type { FastifyRequest } from 'fastify';

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}

/**
 * The URL the provider called, which Twilio and SignalWire sign: SIPBOT_PUBLIC_URL + the path and
 * query when set (the reliable choice behind a proxy), else rebuilt from X-Forwarded-Proto /
 * X-Forwarded-Host or Host.
 */
export function requestUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + request.url;
  const proto = first(request.headers['x-forwarded-proto']) ?? request.protocol;
  const host = first(request.headers['x-forwarded-host']) ?? request.headers.host ?? 'localhost';
  return `${proto}://${host}${request.url}`;
}
