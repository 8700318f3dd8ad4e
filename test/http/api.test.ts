import { afterEach, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../../src/store/tokens.js';
import { answer, callsIn, fixture, startServer, type Running } from './helpers.js';

let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function withToken(env: Record<string, string> = {}): Promise<{ s: Running; token: string }> {
  server = await startServer({ env });
  const made = createToken(server.ctx.db, 'dialer-prod', server.ctx.clock.now().getTime());
  return { s: server, token: made!.token };
}

function post(s: Running, body: string, type: string, token?: string, query = ''): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': type };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${s.base}/api/v1/calls${query}`, { method: 'POST', headers, body });
}

const NDJSON = [
  {
    call_id: 'nd-1',
    start_time: '2026-11-21T10:00:00Z',
    caller: '+12125550123',
    callee: '+15125550187',
    route: 'telco-east',
    sip_code: 403,
    sip_reason: 'Forbidden',
  },
  {
    call_id: 'nd-2',
    start_time: 1795260000,
    caller: '+12125550124',
    callee: '+13125550100',
    route: 'telco-west',
    sip_code: 200,
  },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

describe('POST /api/v1/calls', () => {
  it('stores CSV and lists the bad lines of a partly bad body', async () => {
    const { s, token } = await withToken();
    const res = await post(s, fixture('calls-partly-bad.csv'), 'text/csv; charset=utf-8', token);
    expect(res.status).toBe(200);
    const body = await answer(res);
    expect(body.stored).toBe(3);
    expect(body.duplicates).toBe(0);
    expect(body.rejected?.map((r) => r.line)).toEqual([4, 6]);
    expect(body.rejected?.[0]?.error).toMatch(/not-a-time/);
    expect(callsIn(s.ctx).map((c) => c.call_id)).toEqual(['api-0001', 'api-0002', 'api-0004']);
    // Nothing lost: the bad records wait in `rejects`, with the token that sent them.
    expect(s.ctx.db.prepare('SELECT origin, line FROM rejects ORDER BY line').all()).toEqual([
      { origin: 'api:dialer-prod', line: 4 },
      { origin: 'api:dialer-prod', line: 6 },
    ]);
  });

  it('stores nothing twice when the same body is sent again', async () => {
    const { s, token } = await withToken();
    await post(s, fixture('calls-partly-bad.csv'), 'text/csv', token);
    const again = await answer(await post(s, fixture('calls-partly-bad.csv'), 'text/csv', token));
    expect(again).toMatchObject({ stored: 0, duplicates: 3 });
    expect(callsIn(s.ctx)).toHaveLength(3);
  });

  it('reads NDJSON and a JSON array', async () => {
    const { s, token } = await withToken();
    const nd = await answer(await post(s, NDJSON, 'application/x-ndjson', token));
    expect(nd).toEqual({ stored: 2, duplicates: 0, rejected: [] });
    const arr = JSON.stringify([
      {
        call_id: 'js-1',
        start_time: '2026-11-21T11:00:00Z',
        caller: '+12125550123',
        callee: '+14045550111',
        sip_code: 608,
      },
    ]);
    expect(await answer(await post(s, arr, 'application/json', token))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(callsIn(s.ctx).find((c) => c.call_id === 'js-1')).toMatchObject({ blocked: 1, sip_code: 608 });
  });

  it('?tz= reads zone-less times in that zone; an unknown zone is 400', async () => {
    const { s, token } = await withToken();
    const csv = 'call_id,start_time,caller,callee,sip_code\ntz-1,2026-11-21 04:00:00,+12125550123,+15125550187,403\n';
    expect(await answer(await post(s, csv, 'text/csv', token, '?tz=America/Chicago'))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(callsIn(s.ctx).find((c) => c.call_id === 'tz-1')).toMatchObject({ start_ms: Date.UTC(2026, 10, 21, 10) });
    const bad = await post(s, csv, 'text/csv', token, '?tz=Mars/Olympus');
    expect(bad.status).toBe(400);
  });

  it("reads zone-less times in the token's zone (token create --tz) unless ?tz= names another", async () => {
    server = await startServer();
    const s = server;
    const token = createToken(s.ctx.db, 'berlin-dialer', s.ctx.clock.now().getTime(), 'Europe/Berlin')!.token;
    const utcToken = createToken(s.ctx.db, 'plain', s.ctx.clock.now().getTime())!.token;
    const row = (id: string): string =>
      `call_id,start_time,caller,callee,sip_code\n${id},2026-11-21 11:00:00,+12125550123,+15125550187,403\n`;
    expect(await answer(await post(s, row('tok-berlin'), 'text/csv', token))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(await answer(await post(s, row('tok-override'), 'text/csv', token, '?tz=America/Chicago'))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(await answer(await post(s, row('tok-utc'), 'text/csv', utcToken))).toEqual({
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    const start = (id: string): unknown => callsIn(s.ctx).find((c) => c.call_id === id)?.start_ms;
    expect(start('tok-berlin')).toBe(Date.UTC(2026, 10, 21, 10)); // CET is UTC+1 in November
    expect(start('tok-override')).toBe(Date.UTC(2026, 10, 21, 17)); // CST is UTC-6
    expect(start('tok-utc')).toBe(Date.UTC(2026, 10, 21, 11));
    // A time with its own offset is never moved by the token's zone.
    const zoned =
      'call_id,start_time,caller,callee,sip_code\ntok-z,2026-11-21T11:00:00Z,+12125550123,+15125550187,403\n';
    await post(s, zoned, 'text/csv', token);
    expect(start('tok-z')).toBe(Date.UTC(2026, 10, 21, 11));
    // Two zones in one query is a 400 naming the parameter, never a 500.
    const twice = await post(s, row('tok-twice'), 'text/csv', token, '?tz=UTC&tz=Europe/Berlin');
    expect(twice.status).toBe(400);
    expect(start('tok-twice')).toBeUndefined();
  });

  it('streams a chunked upload of 20,000 rows', async () => {
    const { s, token } = await withToken();
    const enc = new TextEncoder();
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === 0) controller.enqueue(enc.encode('call_id,start_time,caller,callee,route,sip_code\n'));
        if (i >= 20_000) return controller.close();
        let chunk = '';
        for (let k = 0; k < 1000; k++, i++)
          chunk += `big-${i},${1795250000 + i},+1212555${String(i % 10000).padStart(4, '0')},+15125550100,telco-east,${i % 7 ? 200 : 403}\n`;
        controller.enqueue(enc.encode(chunk));
      },
    });
    const res = await fetch(`${s.base}/api/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await answer(res)).toEqual({ stored: 20_000, duplicates: 0, rejected: [] });
  });

  it('answers 401 without a token, with a wrong one and with a revoked one', async () => {
    const { s, token } = await withToken();
    const none = await post(s, NDJSON, 'application/x-ndjson');
    const wrong = await post(s, NDJSON, 'application/x-ndjson', 'sip_not-a-real-token');
    revokeToken(s.ctx.db, 'dialer-prod', Date.now());
    const revoked = await post(s, NDJSON, 'application/x-ndjson', token);
    expect([none.status, wrong.status, revoked.status]).toEqual([401, 401, 401]);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await answer(none)).error).toBe('auth.missing_token');
    expect(callsIn(s.ctx)).toHaveLength(0);
  });

  it('answers 415 to an unknown content type', async () => {
    const { s, token } = await withToken();
    const res = await post(s, '<calls/>', 'application/xml', token);
    expect(res.status).toBe(415);
    expect((await answer(res)).error).toBe('http.unsupported_media_type');
  });

  it('answers 400 to a body that is not the declared type at all', async () => {
    const { s, token } = await withToken();
    const notJson = await post(s, fixture('calls-partly-bad.csv'), 'application/json', token);
    const notCsv = await post(s, '{"calls": []}\n{"x": 1}\n', 'text/csv', token);
    expect(notJson.status).toBe(400);
    expect(notCsv.status).toBe(400);
    expect((await answer(notJson)).error).toBe('http.bad_body');
    expect(callsIn(s.ctx)).toHaveLength(0);
  });

  it('answers 413 over the size limit, by Content-Length and while streaming', async () => {
    const { s, token } = await withToken({ SIPBOT_API_MAX_BODY_MB: '0.01' }); // 10,485 bytes
    const big =
      'call_id,start_time,caller,callee,sip_code\n' +
      'x,2026-11-21T10:00:00Z,+12125550123,+15125550187,403\n'.repeat(400);
    const declared = await post(s, big, 'text/csv', token);
    expect(declared.status).toBe(413);
    const chunks = [big.slice(0, 5000), big.slice(5000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next === undefined) c.close();
        else c.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await fetch(`${s.base}/api/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await answer(streamed)).error).toBe('http.too_large');
  });

  it('rate-limits per token with 429', async () => {
    const { s, token } = await withToken({ SIPBOT_API_RATE_LIMIT: '3' });
    const other = createToken(s.ctx.db, 'backfill', Date.now())!.token;
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await post(s, NDJSON, 'application/x-ndjson', token)).status);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await post(s, NDJSON, 'application/x-ndjson', token);
    expect((await answer(limited)).error).toBe('http.rate_limited');
    // Another token has its own budget.
    expect((await post(s, NDJSON, 'application/x-ndjson', other)).status).toBe(200);
  });
});
