import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SOURCE_LABELS } from '../../src/http/metrics.js';
import { MAX_SOURCE_LENGTH } from '../../src/http/routes/api-calls.js';
import { createToken } from '../../src/store/tokens.js';
import {
  BANDWIDTH_PASSWORD,
  BANDWIDTH_USER,
  TELNYX,
  answer,
  callsIn,
  fixture,
  startServer,
  telnyxSign,
  type Running,
} from './helpers.js';

// Each of these gave 500 with a stack trace in the log before: what a stranger can send must be
// a 4xx with a sentence, and nothing stored.
let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server!.base}${path}`, { method: 'POST', headers, body });
}

describe('requests a stranger can send', () => {
  it('a JSON body with any X-Twilio-Signature: 401', async () => {
    server = await startServer();
    const res = await post('/webhooks/twilio', fixture('telnyx-call-hangup-403.json'), {
      'content-type': 'application/json',
      'x-twilio-signature': 'AAAA',
    });
    expect(res.status).toBe(401);
    expect((await answer(res)).error).toBe('webhook.bad_signature');
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('text/plain to Twilio: 415', async () => {
    server = await startServer();
    const res = await post('/webhooks/twilio', 'CallSid=CA1', {
      'content-type': 'text/plain',
      'x-twilio-signature': 'AAAA',
    });
    expect(res.status).toBe(415);
  });

  it('text/plain with Telnyx signature headers: 415', async () => {
    server = await startServer();
    const body = fixture('telnyx-call-hangup-403.json');
    const ts = String(Math.floor(server.ctx.clock.now().getTime() / 1000));
    const res = await post('/webhooks/telnyx', body, {
      'content-type': 'text/plain',
      'telnyx-signature-ed25519': telnyxSign(TELNYX.privateKey, ts, body),
      'telnyx-timestamp': ts,
    });
    expect(res.status).toBe(415);
    expect((await answer(res)).error).toBe('http.unsupported_media_type');
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('text/plain with a SignalWire signature header: 415', async () => {
    server = await startServer();
    const res = await post('/webhooks/signalwire', fixture('signalwire-status-603.form'), {
      'content-type': 'text/plain',
      'x-signalwire-signature': 'AAAA',
    });
    expect(res.status).toBe(415);
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('text/plain to Bandwidth with good credentials: 415', async () => {
    server = await startServer();
    const auth = `Basic ${Buffer.from(`${BANDWIDTH_USER}:${BANDWIDTH_PASSWORD}`).toString('base64')}`;
    const res = await post('/webhooks/bandwidth', fixture('bandwidth-disconnect-rejected.json'), {
      'content-type': 'text/plain',
      authorization: auth,
    });
    expect(res.status).toBe(415);
  });

  it('a JSON array or scalar where a callback object belongs: 400', async () => {
    server = await startServer();
    const res = await post('/webhooks/signalwire', '[1,2]', {
      'content-type': 'application/json',
      'x-signalwire-signature': 'AAAA',
    });
    expect(res.status).toBe(400);
  });
});

describe('POST /api/v1/calls ?source=', () => {
  const csv =
    'call_id,start_time,caller,callee,route,sip_code\nq-1,2026-11-21T10:00:00Z,+12125550123,+15125550187,telco-east,403\n';

  async function withToken(): Promise<string> {
    server = await startServer();
    return createToken(server.ctx.db, 'dialer', server.ctx.clock.now().getTime())!.token;
  }

  it('?source=a&source=b: 400, nothing stored', async () => {
    const token = await withToken();
    const res = await post('/api/v1/calls?source=a&source=b', csv, {
      'content-type': 'text/csv',
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(400);
    expect((await answer(res)).message).toMatch(/source/);
    expect(callsIn(server!.ctx)).toHaveLength(0);
  });

  it(`a source longer than ${MAX_SOURCE_LENGTH} characters or with control characters: 400`, async () => {
    const token = await withToken();
    const long = await post(`/api/v1/calls?source=${'x'.repeat(MAX_SOURCE_LENGTH + 1)}`, csv, {
      'content-type': 'text/csv',
      authorization: `Bearer ${token}`,
    });
    const ctl = await post('/api/v1/calls?source=a%0Ab', csv, {
      'content-type': 'text/csv',
      authorization: `Bearer ${token}`,
    });
    const ok = await post(`/api/v1/calls?source=${'x'.repeat(MAX_SOURCE_LENGTH)}`, csv, {
      'content-type': 'text/csv',
      authorization: `Bearer ${token}`,
    });
    expect([long.status, ctl.status, ok.status]).toEqual([400, 400, 200]);
  });

  it(`labels /metrics with at most ${MAX_SOURCE_LABELS} sources, the rest as "other"`, async () => {
    const token = await withToken();
    for (let i = 0; i < MAX_SOURCE_LABELS + 10; i++) {
      const body = csv.replace('q-1', `q-${i}`);
      const res = await post(`/api/v1/calls?source=dialer-${i}`, body, {
        'content-type': 'text/csv',
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(200);
    }
    const metrics = await (await fetch(`${server!.base}/metrics`)).text();
    const labels = new Set([...metrics.matchAll(/^sipbot_calls_stored_total\{source="([^"]+)"\}/gm)].map((m) => m[1]));
    expect(labels.size).toBe(MAX_SOURCE_LABELS + 1);
    expect(labels.has('other')).toBe(true);
    expect(metrics).toMatch(/^sipbot_calls_stored_total\{source="other"\} 10$/m);
  });
});
