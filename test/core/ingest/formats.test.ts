import { describe, expect, it } from 'vitest';
import { testCtx } from '../../helpers/ctx.js';
import { calls, ingestFixture, rejectsOf } from './ingest-file.js';

describe('canonical CSV', () => {
  it('stores good rows, rejects bad ones with their line numbers, and normalises numbers', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'canonical.csv');
    expect(r).toMatchObject({ format: 'csv', read: 10, stored: 6, duplicates: 0, rejected: 4 });
    expect(r.rejects).toEqual([
      { line: 7, error: 'bad timestamp "yesterday"' },
      { line: 8, error: 'SIP code 799 is outside 100-699' },
      { line: 9, error: 'expected 9 fields, found 8' },
      { line: 10, error: 'no caller number' },
    ]);
    const rows = calls(ctx);
    const byId = new Map(rows.map((c) => [c.call_id, c]));
    expect(byId.get('c-0003')).toMatchObject({
      caller: '+12125550123',
      callee: '+15125550102',
      callee_region: '512',
      callee_state: 'TX',
      sip_code: 603,
      sip_reason: 'Network Blocked',
      blocked: 1,
    });
    expect(byId.get('c-0004')).toMatchObject({ callee: '+442071234567', callee_region: 'GB', blocked: 0 });
    expect(byId.get('c-0005')).toMatchObject({
      sip_code: 403,
      sip_reason: 'Forbidden',
      start_ms: 1795183219000,
      blocked: 1,
    });
    // Quoted fields, a zone-less timestamp read as UTC, a Canadian callee and `sip:480`.
    expect(byId.get('c-0010')).toMatchObject({
      caller: '+16465550199',
      callee: '+15145550110',
      callee_state: 'QC',
      sip_code: 480,
      start_ms: Date.UTC(2026, 10, 20, 14, 0, 39),
    });
    expect(rows.every((c) => c.source === 'csv')).toBe(true);
    const stored = rejectsOf(ctx);
    expect(stored.map((x) => x.line)).toEqual([7, 8, 9, 10]);
    expect(stored[0]!.raw).toBe('c-0006,yesterday,+12125550188,+13125550105,sipline,200,OK,16,61');
  });

  it('stores nothing twice when the same file is ingested again', async () => {
    const ctx = testCtx();
    await ingestFixture(ctx, 'canonical.csv');
    const again = await ingestFixture(ctx, 'canonical.csv');
    expect(again).toMatchObject({ read: 10, stored: 0, duplicates: 6, rejected: 4 });
    expect(calls(ctx)).toHaveLength(6);
    expect(rejectsOf(ctx)).toHaveLength(4);
  });

  it('reads header aliases whatever their case and spacing', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'dialer-export.csv', { source: 'dialer' });
    expect(r).toMatchObject({ format: 'csv', read: 5, stored: 5, rejected: 0 });
    const rows = calls(ctx);
    expect(rows[0]).toMatchObject({
      call_id: 'CA7f3e9a0c21d84b6f9e2a11b0c4d5e601',
      caller: '+12125550123',
      callee: '+15125550140',
      route: 'telco-east',
      campaign: 'renewals-q4',
      duration_s: 37,
      source: 'dialer',
    });
    expect(rows.map((c) => c.sip_code)).toEqual([200, 403, 403, 603, 487]);
    expect(rows.map((c) => c.blocked)).toEqual([0, 1, 1, 1, 0]);
  });

  it('uses the source name as the route when a record has none, and hashes an identity when it has no call id', async () => {
    const ctx = testCtx();
    const { Readable } = await import('node:stream');
    const text =
      'start_time,caller,callee,sip_code\n2026-11-20T10:00:00Z,+12125550123,+15125550100,403\n2026-11-20T10:00:00Z,+12125550123,+15125550100,403\n';
    const { ingestStream } = await import('../../../src/core/ingest/index.js');
    const r = await ingestStream(ctx, Readable.from([text]), { origin: 'inline', source: 'pbx-9' });
    expect(r).toMatchObject({ read: 2, stored: 1, duplicates: 1 });
    expect(calls(ctx)[0]).toMatchObject({ route: 'pbx-9', source: 'pbx-9' });
    expect(calls(ctx)[0]!.call_id).toMatch(/^h:[0-9a-f]{24}$/);
  });
});

describe('canonical NDJSON and JSON', () => {
  it('rejects a broken JSON line among good ones and keeps the rest', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'canonical.ndjson');
    expect(r).toMatchObject({ format: 'ndjson', read: 7, stored: 3, rejected: 4 });
    expect(r.rejects.map((x) => x.line)).toEqual([3, 4, 5, 8]);
    expect(r.rejects[3]!.error).toBe('not a JSON object');
    expect(r.rejects[0]!.error).toMatch(/^broken JSON/);
    expect(r.rejects[1]!.error).toBe('SIP code 99 is outside 100-699');
    expect(r.rejects[2]!.error).toBe('no callee number');
    const byId = new Map(calls(ctx).map((c) => [c.call_id, c]));
    expect(byId.get('n-1')).toMatchObject({ duration_s: 12.5, start_ms: Date.parse('2026-11-20T16:00:00.120Z') });
    // camelCase aliases, SIP and tel URIs, a zone offset, `sip:503`.
    expect(byId.get('n-6')).toMatchObject({
      caller: '+13125550101',
      callee: '+33142685300',
      callee_region: 'FR',
      route: 'sipline',
      sip_code: 503,
      start_ms: Date.parse('2026-11-20T16:00:17Z'),
    });
  });

  it("reads a pretty-printed JSON array one object at a time, with each object's line", async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'canonical.json');
    expect(r).toMatchObject({ format: 'json', read: 3, stored: 2, rejected: 1 });
    expect(r.rejects).toEqual([{ line: 22, error: 'bad timestamp "2026-13-45T17:00:04Z": no such date or time' }]);
    expect(calls(ctx).map((c) => [c.call_id, c.sip_code])).toEqual([
      ['j-1', 403],
      ['j-2', 200],
    ]);
  });
});

describe('Asterisk Master.csv', () => {
  it('takes the trunk from dstchannel and the code from the userfield, else the disposition', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'Master.csv', { source: 'pbx1' });
    expect(r).toMatchObject({ format: 'asterisk', read: 7, stored: 5, rejected: 2 });
    expect(r.rejects[0]).toEqual({
      line: 6,
      error: 'disposition FAILED without a SIP code: log HANGUPCAUSE(<channel>,tech) into the userfield',
    });
    expect(r.rejects[1]).toEqual({
      line: 7,
      error: 'not an Asterisk CDR row (cdr_csv, cdr_custom or FreePBX order): found 12 fields',
    });
    const rows = calls(ctx);
    expect(rows.map((c) => [c.route, c.sip_code, c.sip_reason])).toEqual([
      ['telco-east', 200, 'OK'],
      ['telco-east', 403, 'Forbidden'],
      ['telco-west', 603, 'Network Blocked'],
      ['sipline', 480, null],
      ['sipline', 486, null],
    ]);
    expect(rows[0]).toMatchObject({
      call_id: '1795197601.2591',
      caller: '+12125550123',
      callee: '+15125550160',
      duration_s: 122,
      start_ms: Date.UTC(2026, 10, 20, 18, 0, 1),
      source: 'pbx1',
      campaign: 'acme',
    });
    expect(rows[2]!.blocked).toBe(1);
  });
});

describe('FreeSWITCH mod_json_cdr', () => {
  it('reads one pretty-printed CDR per file, decoding url-encoded variables', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'freeswitch-cdr.json');
    expect(r).toMatchObject({ format: 'freeswitch', read: 1, stored: 1 });
    expect(calls(ctx)[0]).toMatchObject({
      call_id: '1f0c1d64-8c51-4a5e-bd1c-2e6b0e8f4a01',
      caller: '+12125550123',
      callee: '+15125550170',
      route: 'telco-east',
      sip_code: 403,
      sip_reason: 'Forbidden',
      q850_cause: 21,
      start_ms: 1795201201234,
      pdd_ms: 812,
      blocked: 1,
    });
  });

  it('reads one CDR per line: sip_term_status, proto_specific_hangup_cause, hangup_cause', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'freeswitch.ndjson');
    expect(r).toMatchObject({ format: 'freeswitch', read: 5, stored: 4, rejected: 1 });
    expect(r.rejects[0]!.line).toBe(5);
    expect(r.rejects[0]!.error).toMatch(/CALL_REJECTED/);
    expect(calls(ctx).map((c) => [c.route, c.sip_code, c.sip_reason])).toEqual([
      ['telco-east', 200, null],
      ['telco-west', 603, 'Network Blocked'],
      ['sipline', 608, null],
      ['sipline', 486, null],
    ]);
  });
});

describe('Kamailio and OpenSIPS acc', () => {
  it('reads ACC syslog lines, passes over other messages and rejects non-INVITE transactions saying why', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'kamailio-acc.log');
    expect(r).toMatchObject({ format: 'kamailio', read: 6, stored: 4, rejected: 2 });
    expect(r.rejects).toEqual([
      { line: 5, error: 'BYE transaction: not a call attempt' },
      { line: 6, error: 'no SIP code' },
    ]);
    expect(calls(ctx).map((c) => [c.call_id, c.route, c.sip_code, c.sip_reason])).toEqual([
      ['4f2b1c7e9a01@10.0.0.12', 'telco-east', 200, 'OK'],
      ['4f2b1c7e9a02@10.0.0.12', 'telco-east', 403, 'Forbidden'],
      ['4f2b1c7e9a03@10.0.0.12', 'telco-west', 603, 'Network Blocked'],
      ['4f2b1c7e9a05@10.0.0.12', 'sipline', 408, 'Request Timeout'],
    ]);
    expect(calls(ctx)[1]).toMatchObject({
      caller: '+12125550123',
      callee: '+15125550181',
      start_ms: 1795204805000,
      source: 'kamailio',
    });
  });

  it('tells OpenSIPS syslog from Kamailio', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'opensips-acc.log');
    expect(r).toMatchObject({ format: 'opensips', read: 2, stored: 2 });
    expect(calls(ctx)[0]).toMatchObject({ route: 'carrier-b', sip_code: 403, callee: '+12145550191' });
  });

  it('reads the acc table exported as CSV with log_extra columns', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'kamailio-acc.csv');
    expect(r).toMatchObject({ format: 'kamailio', read: 5, stored: 3, rejected: 2 });
    expect(r.rejects).toEqual([
      { line: 5, error: 'BYE transaction: not a call attempt' },
      { line: 6, error: 'ambiguous date "11/03/2026 20:20:12": say --date-order mdy (US) or dmy' },
    ]);
    expect(calls(ctx).map((c) => [c.call_id, c.sip_code, c.route])).toEqual([
      ['e01@10.0.0.12', 403, 'telco-east'],
      ['e02@10.0.0.12', 200, 'telco-east'],
      ['e03@10.0.0.12', 486, 'telco-west'],
    ]);
  });

  it('reads an OpenSIPS missed_calls export', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'opensips-missed_calls.csv');
    expect(r).toMatchObject({ format: 'opensips', read: 2, stored: 2 });
    expect(calls(ctx).map((c) => [c.caller, c.route, c.sip_code])).toEqual([
      ['+17375550190', 'carrier-b', 403],
      ['+17375550190', 'carrier-b', 480],
    ]);
  });
});

describe('Twilio', () => {
  it('reads status callbacks as form parameters: final ones stored, progress and failed without a code rejected saying why', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'twilio-callbacks.txt');
    expect(r).toMatchObject({ format: 'twilio', read: 5, stored: 3, rejected: 2 });
    expect(r.rejects).toEqual([
      { line: 1, error: 'status "ringing": not a final outcome' },
      { line: 5, error: 'no SIP code, and status "failed" does not tell one' },
    ]);
    expect(calls(ctx).map((c) => [c.call_id, c.sip_code, c.route, c.duration_s])).toEqual([
      ['CA0b5e1f2a3c4d5e6f708192a3b4c5d601', 403, 'twilio', null],
      ['CA0b5e1f2a3c4d5e6f708192a3b4c5d602', 200, 'twilio', 58],
      ['CA0b5e1f2a3c4d5e6f708192a3b4c5d603', 486, 'twilio', null],
    ]);
    expect(calls(ctx)[0]!.start_ms).toBe(Date.UTC(2026, 10, 20, 21, 0, 2));
  });

  it('reads status callbacks as JSON', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'twilio-callbacks.ndjson');
    expect(r).toMatchObject({ format: 'twilio', read: 2, stored: 2 });
    expect(calls(ctx).map((c) => [c.sip_code, c.blocked])).toEqual([
      [480, 0],
      [608, 1],
    ]);
  });

  it('reads the console call-log CSV by its human headers', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'twilio-console.csv');
    expect(r).toMatchObject({ format: 'twilio', read: 4, stored: 3, rejected: 1 });
    expect(r.rejects[0]!.line).toBe(4);
    expect(calls(ctx).map((c) => [c.sip_code, c.route, c.callee_state])).toEqual([
      [200, 'TK0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'TX'],
      [486, 'TK0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'TX'],
      [480, 'TK0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'TX'],
    ]);
    expect(calls(ctx)[0]!.start_ms).toBe(Date.UTC(2026, 10, 20, 21, 20, 1));
  });
});

describe('Telnyx, SignalWire, Bandwidth', () => {
  it('Telnyx: only call.hangup is an outcome; sip_hangup_cause else hangup_cause', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'telnyx-hangup.ndjson');
    expect(r).toMatchObject({ format: 'telnyx', read: 4, stored: 2, rejected: 2 });
    expect(r.rejects[0]!.error).toMatch(/^Telnyx call\.\S+ event: not a final outcome \(call\.hangup is\)$/);
    expect(r.rejects[1]).toEqual({ line: 4, error: 'no SIP code, and status "call_rejected" does not tell one' });
    expect(calls(ctx).map((c) => [c.call_id, c.sip_code, c.route, c.hangup_source])).toEqual([
      ['428c31b6-abf3-3bc1-b7f4-5013ef9657c1', 403, '1684641123236054244', 'callee'],
      ['428c31b6-abf3-3bc1-b7f4-5013ef9657c2', 200, '1684641123236054244', 'caller'],
    ]);
  });

  it('SignalWire: SipResultCode and SipInviteResultPhrase', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'signalwire-callbacks.txt');
    expect(r).toMatchObject({ format: 'signalwire', read: 2, stored: 2 });
    expect(calls(ctx).map((c) => [c.sip_code, c.sip_reason, c.blocked, c.duration_s])).toEqual([
      [603, 'Network Blocked', 1, null],
      [200, 'OK', 0, 33],
    ]);
  });

  it('Bandwidth disconnect callbacks: the cause where there is no SIP code', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'bandwidth-disconnect.ndjson');
    expect(r).toMatchObject({ format: 'bandwidth', read: 4, stored: 2, rejected: 2 });
    expect(calls(ctx).map((c) => c.sip_code)).toEqual([486, 200]);
    expect(r.rejects.map((x) => x.line)).toContain(4);
    expect(r.rejects.some((x) => /event: not a final outcome$/.test(x.error))).toBe(true);
  });

  it('Bandwidth Insights records: sipResponseCode, duration in ms, attestation', async () => {
    const ctx = testCtx();
    const r = await ingestFixture(ctx, 'bandwidth-insights.json');
    expect(r).toMatchObject({ format: 'bandwidth', read: 2, stored: 2 });
    expect(calls(ctx)[0]).toMatchObject({
      call_id: 'c-ins-1',
      sip_code: 403,
      sip_reason: 'Forbidden',
      duration_s: 1.2,
      attestation: 'A',
      pdd_ms: 950,
      hangup_source: 'CALLEE',
      route: 'bandwidth',
    });
  });
});

describe('large and odd inputs', () => {
  it('reads a JSON array written on one line, larger than the line buffer, in pieces', async () => {
    const { Readable } = await import('node:stream');
    const { ingestStream } = await import('../../../src/core/ingest/index.js');
    const ctx = testCtx();
    const records = Array.from({ length: 12_000 }, (_, i) => ({
      call_id: `one-line-${i}`,
      start_time: 1795183200 + i,
      caller: '+12125550123',
      callee: `+1512555${String(i % 10000).padStart(4, '0')}`,
      route: 'telco-east',
      sip_code: i % 10 === 0 ? 403 : 200,
    }));
    const text = JSON.stringify(records);
    expect(text.length).toBeGreaterThan(1 << 20);
    const chunks = Array.from({ length: Math.ceil(text.length / 65536) }, (_, i) =>
      text.slice(i * 65536, (i + 1) * 65536),
    );
    const r = await ingestStream(ctx, Readable.from(chunks), { origin: 'one-line.json' });
    expect(r).toMatchObject({ format: 'json', read: 12_000, stored: 12_000, rejected: 0 });
    expect(ctx.db.prepare('SELECT count(*) FROM calls WHERE sip_code = 403').pluck().get()).toBe(1200);
  });

  it('handles CRLF line ends, a byte-order mark and a quoted field with a line break', async () => {
    const { Readable } = await import('node:stream');
    const { ingestStream } = await import('../../../src/core/ingest/index.js');
    const ctx = testCtx();
    const text =
      '\uFEFFcall_id,start_time,caller,callee,sip_code,sip_reason\r\n' +
      'x1,2026-11-20T10:00:00Z,+12125550123,+15125550100,403,"Forbidden\r\n(caller id not allowed)"\r\n' +
      'x2,2026-11-20T10:00:01Z,+12125550123,+15125550101,200,OK\r\n';
    const r = await ingestStream(ctx, Readable.from([Buffer.from(text)]), { origin: 'crlf.csv' });
    expect(r).toMatchObject({ format: 'csv', read: 2, stored: 2 });
    expect(calls(ctx)[0]!.sip_reason).toBe('Forbidden\n(caller id not allowed)');
  });

  it('stores nothing and says so for an empty input', async () => {
    const { Readable } = await import('node:stream');
    const { ingestStream } = await import('../../../src/core/ingest/index.js');
    const r = await ingestStream(testCtx(), Readable.from(['\n\n']), { origin: 'empty.csv' });
    expect(r).toMatchObject({ read: 0, stored: 0, rejected: 0 });
  });
});
