import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';
import { createToken } from '../../src/store/tokens.js';
import { ManualClock } from '../../src/clock.js';
import { TWILIO_TOKEN, formParams, postForm, startServer, twilioSign, webhookEnv, type Running } from './helpers.js';

let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('GET /healthz', () => {
  it('answers 200 with the database reachable and 503 when it is not', async () => {
    server = await startServer();
    const ok = await fetch(`${server.base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, db: 'ok' });
    server.ctx.db.close();
    const down = await fetch(`${server.base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, db: 'error' });
  });
});

describe('GET /metrics', () => {
  it('counts stored and duplicate calls by source and request durations by route', async () => {
    server = await startServer();
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const headers = { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) };
    await postForm(url, params, headers);
    await postForm(url, params, headers);
    const text = await (await fetch(`${server.base}/metrics`)).text();
    expect(text).toContain('sipbot_calls_stored_total{source="twilio"} 1');
    expect(text).toContain('sipbot_calls_duplicates_total{source="twilio"} 1');
    expect(text).toMatch(
      /sipbot_http_request_duration_seconds_count\{method="POST",route="\/webhooks\/twilio",status="200"\} 2/,
    );
  });

  it('keeps one registry per server instance', async () => {
    server = await startServer();
    const other = await startServer();
    try {
      const url = `${server.base}/webhooks/twilio`;
      const params = formParams('twilio-status-failed-403.form');
      await postForm(url, params, { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) });
      expect(await (await fetch(`${other.base}/metrics`)).text()).not.toContain(
        'sipbot_calls_stored_total{source="twilio"}',
      );
    } finally {
      await other.close();
    }
  });
});

describe('logs', () => {
  it('never carry a token, a signature or Basic credentials', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    const config = loadConfig({ SIPBOT_DB: ':memory:', SIPBOT_LOG_LEVEL: 'debug', ...webhookEnv() });
    const ctx = {
      db: openDb(':memory:'),
      clock: new ManualClock(new Date()),
      log: createLogger('debug', sink),
      config,
    };
    server = await startServer({ ctx });
    const token = createToken(ctx.db, 'ci', Date.now())!.token;
    await fetch(`${server.base}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '[{"caller":"+12125550123","callee":"+15125550187","start_time":"2026-11-21T10:00:00Z","sip_code":403}]',
    });
    await fetch(`${server.base}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: 'Bearer sip_wrong-token-value', 'content-type': 'application/json' },
      body: '[]',
    });
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const sig = twilioSign(TWILIO_TOKEN, url, params);
    await postForm(url, params, { 'x-twilio-signature': sig });
    await fetch(`${server.base}/webhooks/bandwidth`, {
      method: 'POST',
      headers: { authorization: 'Basic dXNlcjpodW50ZXIy', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logged).toContain('api ingest'); // the log is on, and it saw the requests
    for (const secret of [token, 'sip_wrong-token-value', sig, 'dXNlcjpodW50ZXIy', TWILIO_TOKEN])
      expect(logged).not.toContain(secret);
  });
});

describe('plugins', () => {
  it('mount before listen with their own raw-body parser, leaving the API and webhooks intact', async () => {
    const slackLike = async (app: FastifyInstance): Promise<void> => {
      app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      app.post('/slack/events', async (request) => ({ rawLength: (request.body as string).length, raw: request.body }));
    };
    server = await startServer({ plugins: [slackLike] });
    const body = '{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}';
    const res = await fetch(`${server.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(await res.json()).toEqual({ rawLength: body.length, raw: body });
    // The plugin's parser did not leak into the API's scope: JSON arrays are still streamed and parsed.
    const token = createToken(server.ctx.db, 'p', Date.now())!.token;
    const api = await fetch(`${server.base}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '[]',
    });
    expect(await api.json()).toEqual({ stored: 0, duplicates: 0, rejected: [] });
  });
});
