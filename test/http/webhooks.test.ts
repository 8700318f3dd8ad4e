import { afterEach, describe, expect, it } from 'vitest';
import {
  answer,
  BANDWIDTH_PASSWORD,
  BANDWIDTH_USER,
  SIGNALWIRE_KEY,
  TELNYX,
  TWILIO_TOKEN,
  callsIn,
  fixture,
  formParams,
  postForm,
  startServer,
  telnyxSign,
  twilioSign,
  type Running,
} from './helpers.js';
import { createHmac } from 'node:crypto';

let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('POST /webhooks/twilio', () => {
  it('stores a signed status callback, then answers 200', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const res = await postForm(url, params, { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 1, duplicates: 0, rejected: [] });
    const [call] = callsIn(server.ctx);
    expect(call).toMatchObject({
      source: 'twilio',
      call_id: 'CA5d9e2b7c4a1f3e8d6b0c9a2f4e7d1b3c',
      caller: '+12125550123',
      callee: '+15125550187',
      sip_code: 403,
      blocked: 1,
      callee_region: '512',
    });
  });

  it("stores a provider's retry of the same event once", async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const headers = { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) };
    const first = await postForm(url, params, headers);
    const retry = await postForm(url, params, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ stored: 0, duplicates: 1, rejected: [] });
    expect(callsIn(server.ctx)).toHaveLength(1);
  });

  it('refuses a bad signature with 401 and stores nothing', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const sig = twilioSign(TWILIO_TOKEN, url, params);
    const tampered = await postForm(url, { ...params, SipResponseCode: '200' }, { 'x-twilio-signature': sig });
    const unsigned = await postForm(url, params, {});
    const wrongKey = await postForm(url, params, { 'x-twilio-signature': twilioSign('not-the-token', url, params) });
    expect([tampered.status, unsigned.status, wrongKey.status]).toEqual([401, 401, 401]);
    expect((await answer(tampered)).error).toBe('webhook.bad_signature');
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('verifies against SIPBOT_PUBLIC_URL when set (the URL Twilio was given)', async () => {
    server = await startServer({ env: { SIPBOT_PUBLIC_URL: 'https://sipbot.example.com/' } });
    const params = formParams('twilio-status-failed-403.form');
    const sig = twilioSign(TWILIO_TOKEN, 'https://sipbot.example.com/webhooks/twilio?tenant=7', params);
    const res = await postForm(`${server.base}/webhooks/twilio?tenant=7`, params, { 'x-twilio-signature': sig });
    expect(res.status).toBe(200);
    expect(callsIn(server.ctx)).toHaveLength(1);
  });

  it('rebuilds the URL from X-Forwarded-Proto/Host behind a proxy', async () => {
    server = await startServer();
    const params = formParams('twilio-status-failed-403.form');
    const sig = twilioSign(TWILIO_TOKEN, 'https://hooks.example.org/webhooks/twilio', params);
    const res = await postForm(`${server.base}/webhooks/twilio`, params, {
      'x-twilio-signature': sig,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'hooks.example.org',
    });
    expect(res.status).toBe(200);
  });

  it('acknowledges progress events (ringing) without storing a call', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form', { CallStatus: 'ringing' });
    delete (params as Record<string, string | undefined>).SipResponseCode;
    const res = await postForm(url, params, { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) });
    expect(res.status).toBe(200);
    expect((await answer(res)).ignored).toMatch(/not a final/);
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('keeps an authentic but unusable callback in rejects', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form', { SipResponseCode: '' });
    const res = await postForm(url, params, { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) });
    expect(res.status).toBe(200);
    expect((await answer(res)).rejected?.[0]?.error).toMatch(/no SIP code/);
    const rejects = server.ctx.db.prepare('SELECT origin, error FROM rejects').all();
    expect(rejects).toEqual([{ origin: 'webhook:twilio', error: expect.stringMatching(/no SIP code/) }]);
  });

  it('answers 503 naming the variable when TWILIO_AUTH_TOKEN is not set', async () => {
    server = await startServer({ env: { TWILIO_AUTH_TOKEN: '' } });
    const res = await postForm(`${server.base}/webhooks/twilio`, formParams('twilio-status-failed-403.form'), {
      'x-twilio-signature': 'x',
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: 'webhook.not_configured',
      message: expect.stringContaining('TWILIO_AUTH_TOKEN'),
    });
  });
});

describe('POST /webhooks/signalwire', () => {
  it('stores a compatibility callback signed in X-SignalWire-Signature', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/signalwire`;
    const params = formParams('signalwire-status-603.form');
    const res = await postForm(url, params, { 'x-signalwire-signature': twilioSign(SIGNALWIRE_KEY, url, params) });
    expect(res.status).toBe(200);
    expect(callsIn(server.ctx)[0]).toMatchObject({
      source: 'signalwire',
      sip_code: 603,
      sip_reason: 'Network Blocked',
      blocked: 1,
    });
  });

  it('accepts the older X-Twilio-Signature header and refuses a wrong key', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/signalwire`;
    const params = formParams('signalwire-status-603.form');
    const ok = await postForm(url, params, { 'x-twilio-signature': twilioSign(SIGNALWIRE_KEY, url, params) });
    const bad = await postForm(
      url,
      { ...params, CallSid: 'other' },
      { 'x-signalwire-signature': twilioSign(TWILIO_TOKEN, url, params) },
    );
    expect([ok.status, bad.status]).toEqual([200, 401]);
    expect(callsIn(server.ctx)).toHaveLength(1);
  });

  it('verifies JSON callbacks: hex HMAC-SHA1 of URL + raw body', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/signalwire`;
    const body = JSON.stringify(formParams('signalwire-status-603.form', { CallSid: 'json-1' }));
    const sig = createHmac('sha1', SIGNALWIRE_KEY)
      .update(url + body)
      .digest('hex');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signalwire-signature': sig },
      body,
    });
    expect(res.status).toBe(200);
    expect(callsIn(server.ctx)[0]).toMatchObject({ call_id: 'json-1' });
  });
});

describe('POST /webhooks/telnyx', () => {
  const NOW = '2026-11-21T12:00:00Z';
  const ts = String(Date.parse(NOW) / 1000);
  const post = (base: string, body: string, headers: Record<string, string>): Promise<Response> =>
    fetch(`${base}/webhooks/telnyx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('stores a signed call.hangup, and its retry once', async () => {
    server = await startServer({ now: NOW });
    const body = fixture('telnyx-call-hangup-403.json');
    const headers = { 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': telnyxSign(TELNYX.privateKey, ts, body) };
    const first = await post(server.base, body, headers);
    const retry = await post(server.base, body, headers);
    expect(first.status).toBe(200);
    expect(await retry.json()).toEqual({ stored: 0, duplicates: 1, rejected: [] });
    const calls = callsIn(server.ctx);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      source: 'telnyx',
      sip_code: 403,
      route: '1494404757140276705',
      callee_region: '404',
      hangup_source: 'callee',
    });
  });

  it('refuses a stale timestamp (replay) and a bad signature with 401', async () => {
    server = await startServer({ now: NOW });
    const body = fixture('telnyx-call-hangup-403.json');
    const old = String(Number(ts) - 301);
    const stale = await post(server.base, body, {
      'telnyx-timestamp': old,
      'telnyx-signature-ed25519': telnyxSign(TELNYX.privateKey, old, body),
    });
    const forged = await post(server.base, body.replace('"403"', '"200"'), {
      'telnyx-timestamp': ts,
      'telnyx-signature-ed25519': telnyxSign(TELNYX.privateKey, ts, body),
    });
    expect(stale.status).toBe(401);
    expect((await answer(stale)).error).toBe('webhook.stale');
    expect(forged.status).toBe(401);
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('acknowledges other events without storing', async () => {
    server = await startServer({ now: NOW });
    const body = fixture('telnyx-call-hangup-403.json').replace('call.hangup', 'call.answered');
    const res = await post(server.base, body, {
      'telnyx-timestamp': ts,
      'telnyx-signature-ed25519': telnyxSign(TELNYX.privateKey, ts, body),
    });
    expect(res.status).toBe(200);
    expect(callsIn(server.ctx)).toHaveLength(0);
  });
});

describe('POST /webhooks/bandwidth', () => {
  const auth = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  const post = (base: string, body: string, headers: Record<string, string>): Promise<Response> =>
    fetch(`${base}/webhooks/bandwidth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const disconnect = (overrides: Record<string, unknown> = {}): string =>
    JSON.stringify({ ...JSON.parse(fixture('bandwidth-disconnect-rejected.json')), ...overrides });

  it('stores a disconnect callback sent with the configured Basic credentials', async () => {
    server = await startServer();
    const res = await post(server.base, disconnect({ cause: 'busy' }), {
      authorization: auth(BANDWIDTH_USER, BANDWIDTH_PASSWORD),
    });
    expect(res.status).toBe(200);
    expect(callsIn(server.ctx)[0]).toMatchObject({
      source: 'bandwidth',
      call_id: 'c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85',
      caller: '+19195550142',
      sip_code: 486,
    });
  });

  it('keeps a disconnect whose cause names no SIP code (rejected) in rejects, acknowledged once', async () => {
    server = await startServer();
    const headers = { authorization: auth(BANDWIDTH_USER, BANDWIDTH_PASSWORD) };
    const first = await post(server.base, disconnect(), headers);
    await post(server.base, disconnect(), headers);
    expect(first.status).toBe(200);
    expect((await answer(first)).rejected).toHaveLength(1);
    expect(callsIn(server.ctx)).toHaveLength(0);
    expect(server.ctx.db.prepare("SELECT count(*) FROM rejects WHERE origin = 'webhook:bandwidth'").pluck().get()).toBe(
      1,
    );
  });

  it('refuses wrong or missing credentials with 401 and stores nothing', async () => {
    server = await startServer();
    const body = fixture('bandwidth-disconnect-rejected.json');
    const wrong = await post(server.base, body, { authorization: auth(BANDWIDTH_USER, 'guess') });
    const none = await post(server.base, body, {});
    expect([wrong.status, none.status]).toEqual([401, 401]);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(callsIn(server.ctx)).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    server = await startServer();
    const res = await post(server.base, 'eventType=disconnect', {
      authorization: auth(BANDWIDTH_USER, BANDWIDTH_PASSWORD),
    });
    expect(res.status).toBe(400);
  });
});
