import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Telnyx refuses nothing older than this itself; we refuse replays older than 5 minutes. */
export const TELNYX_TOLERANCE_S = 300;

/** The public key from the Telnyx portal: 32 raw bytes, base64. PEM is accepted too. */
export function telnyxKey(publicKey: string): KeyObject {
  if (publicKey.includes('BEGIN PUBLIC KEY')) return createPublicKey(publicKey);
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) throw new Error(`TELNYX_PUBLIC_KEY: expected 32 bytes of base64, got ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export type TelnyxCheck = 'ok' | 'missing' | 'stale' | 'bad_signature';

/**
 * Telnyx webhook signature: Ed25519 over `${telnyx-timestamp}|${raw body}`, sent base64 in
 * `telnyx-signature-ed25519`. https://developers.telnyx.com/docs/messaging/messages/receiving-webhooks
 */
export function verifyTelnyx(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer,
  nowMs: number,
): TelnyxCheck {
  if (!signature || !timestamp) return 'missing';
  // As Telnyx's own verifier (telnyx-node TelnyxWebhook.verify): whole seconds in digits only,
  // within 5 minutes either way, and a signature in strict, padded base64 of 64 bytes.
  const ts = /^\d+$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(ts) || Math.abs(Math.floor(nowMs / 1000) - ts) > TELNYX_TOLERANCE_S) return 'stale';
  if (signature.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(signature)) return 'bad_signature';
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return 'bad_signature';
  const data = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), rawBody]);
  return verify(null, data, key, sig) ? 'ok' : 'bad_signature';
}
