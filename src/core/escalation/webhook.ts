import { createHmac } from 'node:crypto';

/**
 * The signature a receiver checks: HMAC-SHA256 over `<timestamp>.<raw body>` with the shared
 * secret, hex, sent as `X-Sipbot-Signature: sha256=<hex>` beside `X-Sipbot-Timestamp` (unix
 * seconds), the same scheme as Slack's and Stripe's, so receivers can reject replays by age.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookResult {
  ok: boolean;
  /** Retrying cannot help (4xx other than 408/429): give up. */
  permanent: boolean;
  detail: string;
}

/** POSTs one event. The event key travels as X-Sipbot-Event-Id and Idempotency-Key for receiver-side dedupe. */
export async function postWebhook(
  url: string,
  secret: string | undefined,
  eventKey: string,
  body: string,
  nowMs: number,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<WebhookResult> {
  const ts = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'sipbot-escalations/1',
    'x-sipbot-event-id': eventKey,
    'idempotency-key': eventKey,
    'x-sipbot-timestamp': String(ts),
  };
  if (secret) headers['x-sipbot-signature'] = signWebhook(secret, ts, body);
  try {
    const res = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, permanent: false, detail: `HTTP ${res.status}` };
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return { ok: false, permanent, detail: `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, permanent: false, detail: (e as Error).message || String(e) };
  }
}

/** Exponential back-off: 30 s, 1 min, 2 min, ... capped at 1 h. */
export function backoffMs(attempts: number, baseMs = 30_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts));
}
