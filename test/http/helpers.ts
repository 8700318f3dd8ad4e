import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../src/context.js';
import { buildHttpServer, type HttpServerOptions } from '../../src/http/server.js';
import { twilioSignature } from '../../src/http/webhooks/twilio-signature.js';
import { testCtx } from '../helpers/ctx.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'webhooks');
export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8').trim();

export const TWILIO_TOKEN = '12345678901234567890123456789012';
export const SIGNALWIRE_KEY = 'PSK_7f3c1b9e2d4a6c8e0f1a3b5c7d9e1f2a';
export const BANDWIDTH_USER = 'bw-callbacks';
export const BANDWIDTH_PASSWORD = 'c0rrect-h0rse-battery';

/** A Telnyx-style key pair: the public half as the portal shows it (32 raw bytes, base64). */
export function telnyxKeys(): { privateKey: KeyObject; publicB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x!;
  return { privateKey, publicB64: Buffer.from(x, 'base64url').toString('base64') };
}

export const TELNYX = telnyxKeys();

export function webhookEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    SIGNALWIRE_SIGNING_KEY: SIGNALWIRE_KEY,
    TELNYX_PUBLIC_KEY: TELNYX.publicB64,
    BANDWIDTH_WEBHOOK_USER: BANDWIDTH_USER,
    BANDWIDTH_WEBHOOK_PASSWORD: BANDWIDTH_PASSWORD,
    ...extra,
  };
}

export interface Running {
  ctx: Ctx;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1, an ephemeral port. */
export async function startServer(
  opts: { ctx?: Ctx; env?: Record<string, string>; now?: string } & HttpServerOptions = {},
): Promise<Running> {
  const ctx = opts.ctx ?? testCtx({ env: webhookEnv(opts.env), ...(opts.now ? { now: opts.now } : {}) });
  const app = await buildHttpServer(ctx, opts.plugins ? { plugins: opts.plugins } : {});
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { ctx, app, base, close: () => app.close() };
}

/** Form params from a fixture, with overrides (a factory, not hand-edited copies). */
export function formParams(fixtureName: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(new URLSearchParams(fixture(fixtureName))), ...overrides };
}

/** Signs the way Twilio documents: base64 HMAC-SHA1 over URL + sorted name+value pairs. */
export function twilioSign(key: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  return createHmac('sha1', key).update(data).digest('base64');
}

export function telnyxSign(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign(null, Buffer.from(`${timestamp}|${body}`), privateKey).toString('base64');
}

export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

export function callsIn(ctx: Ctx): Array<Record<string, unknown>> {
  return ctx.db.prepare('SELECT * FROM calls ORDER BY id').all() as Array<Record<string, unknown>>;
}

// Cross-check: the test signer and the server's signer agree on a known vector.
export { twilioSignature };

/** What our routes answer, success or error. */
export interface Answer {
  stored?: number;
  duplicates?: number;
  rejected?: Array<{ line: number; error: string }>;
  ignored?: string;
  error?: string;
  message?: string;
}

export const answer = (r: Response): Promise<Answer> => r.json() as Promise<Answer>;
