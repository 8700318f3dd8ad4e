import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestStream } from '../../../src/core/ingest/index.js';
import { explain } from '../../../src/core/sip/explain.js';
import { explanationReply } from '../../../src/core/sip/explain-reply.js';
import { parseCallInfo } from '../../../src/core/sip/parse-call-info.js';
import { parseQuery } from '../../../src/core/sip/parse-query.js';
import { redressSignals } from '../../../src/core/sip/redress-signals.js';
import { testCtx } from '../../helpers/ctx.js';

const REDRESS = join(import.meta.dirname, '..', '..', 'fixtures', 'real', 'redress');
const REAL = join(import.meta.dirname, '..', '..', 'fixtures', 'real');
const read = (f: string): string => readFileSync(join(REDRESS, f), 'utf8');
const reasonLine = (f: string): string =>
  read(f)
    .split('\n')
    .find((l) => /^reason\s*:/i.test(l)) ?? '';

/** Real 603+ notices (SOURCES.md in that folder), decoded into the contact and the id they carry. */
describe('real 603+ Reason headers', () => {
  const cases: Array<[string, Partial<ReturnType<typeof redressSignals>>]> = [
    [
      'telnyx-603plus-reason.txt',
      { v: 'analytics1', url: 'https://example.com', tel: null, email: null, id: null, location: 'RLN' },
    ],
    ['bandwidth-603plus-faq.txt', { v: 'analytics1', url: 'https://example.com', id: '12345', location: 'LN' }],
    ['freeswitch-603plus-sip-tn.txt', { v: 'analytics1', url: 'https://example.com/redress', location: 'TN' }],
    ['freeswitch-603plus-q850-ln.txt', { v: 'analytics1', url: 'https://example.com/redress', location: 'LN' }],
    ['freeswitch-603-no-analytics.txt', { v: null, url: null, id: null, location: null }],
  ];
  it.each(cases)('%s decodes to its contact', (file, want) => {
    expect(redressSignals(reasonLine(file), null)).toMatchObject(want);
  });

  it('explain reads each as 603+ with the redress contact and id in words', () => {
    const q = parseQuery(read('bandwidth-603plus-faq.txt'));
    expect(q.ok && q.query.kind === 'code' && q.query.key).toBe('603+');
    if (!q.ok) return;
    const e = explain(q.query, 'x');
    if (e.kind !== 'code') throw new Error('expected a code');
    const lines = e.reason_headers.flatMap((r) => r.lines).join('\n');
    expect(lines).toContain('Redress URL: https://example.com');
    expect(lines).toContain('`12345`');
    expect(lines).toContain('Location LN');
    const q2 = parseQuery(read('freeswitch-603plus-q850-ln.txt'));
    expect(q2.ok && q2.query.kind === 'code' && q2.query.key).toBe('603+');
    // The notice without v=analytics1 is a 603 Network Blocked phrase with no contact to show.
    const q3 = parseQuery(read('freeswitch-603-no-analytics.txt'));
    if (!q3.ok || q3.query.kind !== 'code') throw new Error('expected a code');
    expect(q3.query.reasons.every((r) => r.analytics === null)).toBe(true);
  });
});

describe('RFC 8688 Call-Info (constructed to the RFC syntax: no published 608 example was found)', () => {
  it('finds the jwscard contact among several values', () => {
    const v = parseCallInfo(
      'Call-Info: <https://blocker.example/icon.png>;purpose=icon, <https://jwt.example.net/card?id=7,8>;purpose=JWSCard',
    );
    expect(v).toEqual([
      { uri: 'https://blocker.example/icon.png', purpose: 'icon', params: {} },
      { uri: 'https://jwt.example.net/card?id=7,8', purpose: 'jwscard', params: {} },
    ]);
    expect(redressSignals(null, '<https://jwt.example.net/card?id=7,8>;purpose=jwscard').card).toBe(
      'https://jwt.example.net/card?id=7,8',
    );
    expect(parseCallInfo('no uri here')).toEqual([]);
  });

  it('a pasted 608 with its Call-Info is explained with the card', () => {
    const q = parseQuery('SIP/2.0 608 Rejected\nCall-Info: <https://jwt.example.net/card>;purpose=jwscard');
    if (!q.ok) throw new Error(q.error.message);
    const e = explain(q.query, 'x');
    const reply = explanationReply(e);
    const text = JSON.stringify(reply.blocks);
    expect(reply.title).toBe('608 Rejected');
    expect(text).toContain('Contact card of whoever rejected the call (RFC 8688): https://jwt.example.net/card');
    // The header alone is read as a 608 too.
    const alone = parseQuery('Call-Info: <https://jwt.example.net/card>;purpose=jwscard');
    expect(alone.ok && alone.query.kind === 'code' && alone.query.code).toBe(608);
  });
});

describe('redress signals kept at ingest', () => {
  it('canonical reason_header, call_info and attestation columns are stored and decoded', async () => {
    const ctx = testCtx();
    const csv = [
      'call_id,start_time,caller,callee,route,sip_code,sip_reason,reason_header,call_info,attestation',
      `c1,2026-11-20T10:00:00Z,+12125550123,+15125550100,sipline,603,Decline,"${reasonLine('bandwidth-603plus-faq.txt').replace(/"/g, '""')}",,TN-Validation-Passed-A`,
      'c2,2026-11-20T10:01:00Z,+12125550123,+15125550101,sipline,608,Rejected,,<https://jwt.example.net/card>;purpose=jwscard,b',
      'c3,2026-11-20T10:02:00Z,+12125550123,+15125550102,sipline,603,Decline,,,',
    ].join('\n');
    const r = await ingestStream(ctx, Readable.from([csv]), { origin: 't.csv' });
    expect(r.stored).toBe(3);
    const rows = ctx.db
      .prepare(
        'SELECT call_id, blocked, attestation, redress_v, redress_url, redress_id, redress_location, redress_card, reason_header FROM calls ORDER BY call_id',
      )
      .all();
    expect(rows).toEqual([
      // A 603 whose phrase was rewritten to Decline but whose Reason is the ATIS notice is a 603+.
      {
        call_id: 'c1',
        blocked: 1,
        attestation: 'A',
        redress_v: 'analytics1',
        redress_url: 'https://example.com',
        redress_id: '12345',
        redress_location: 'LN',
        redress_card: null,
        reason_header: reasonLine('bandwidth-603plus-faq.txt'),
      },
      {
        call_id: 'c2',
        blocked: 1,
        attestation: 'B',
        redress_v: null,
        redress_url: null,
        redress_id: null,
        redress_location: null,
        redress_card: 'https://jwt.example.net/card',
        reason_header: null,
      },
      {
        call_id: 'c3',
        blocked: 0,
        attestation: null,
        redress_v: null,
        redress_url: null,
        redress_id: null,
        redress_location: null,
        redress_card: null,
        reason_header: null,
      },
    ]);
  });

  it('a `reason` column holding a whole Reason header is the header, not the phrase', async () => {
    const ctx = testCtx();
    const csv = [
      'call_id,start_time,caller,callee,route,sip_code,reason',
      `c1,2026-11-20T10:00:00Z,+12125550123,+15125550100,sipline,603,"${reasonLine('telnyx-603plus-reason.txt')
        .replace(/^Reason:\s*/, '')
        .replace(/"/g, '""')}"`,
    ].join('\n');
    await ingestStream(ctx, Readable.from([csv]), { origin: 't.csv' });
    expect(ctx.db.prepare('SELECT sip_reason, redress_url, redress_location, blocked FROM calls').get()).toEqual({
      sip_reason: null,
      redress_url: 'https://example.com',
      redress_location: 'RLN',
      blocked: 1,
    });
  });

  it('FreeSWITCH keeps sip_reason (a real CDR) as the Reason header', async () => {
    const ctx = testCtx();
    await ingestStream(ctx, createReadStream(join(REAL, 'freeswitch', 'somleng-inbound-200.json')), {
      origin: 'fs.json',
    });
    expect(ctx.db.prepare('SELECT reason_header, redress_v FROM calls').get()).toEqual({
      reason_header: 'Q.850;cause=31;text="Normal, unspecified"',
      redress_v: null,
    });
  });

  it('Plivo STIRAttestation is read as sent ("Not Applicable" is no attestation letter)', async () => {
    const ctx = testCtx();
    await ingestStream(ctx, createReadStream(join(REAL, 'dialers', 'plivo-hangup-callback.form')), {
      origin: 'p.form',
    });
    expect(ctx.db.prepare('SELECT attestation FROM calls').pluck().all()).toEqual(['Not Appl']);
  });

  it('provider attestation fields: Telnyx ShakenStirAttestation, Bandwidth attestationIndicator (payloads in their documented shape)', async () => {
    const ctx = testCtx();
    const telnyx = JSON.stringify({
      CallSid: 'v3:abc',
      From: '+12125550123',
      To: '+15125550100',
      CallStatus: 'completed',
      ConnectionId: '1494404757140276705',
      Timestamp: '2026-11-20T10:00:00Z',
      ShakenStirAttestation: 'B',
      HangupSource: 'callee',
    });
    expect((await ingestStream(ctx, Readable.from([telnyx]), { origin: 't.json' })).stored).toBe(1);
    const bw = JSON.stringify({
      callId: 'c-1',
      callingNumber: '+12125550123',
      calledNumber: '+15125550101',
      sipResponseCode: 603,
      startTime: '2026-11-20T10:05:00Z',
      attestationIndicator: 'A',
    });
    expect((await ingestStream(ctx, Readable.from([bw]), { origin: 'b.json' })).stored).toBe(1);
    expect(ctx.db.prepare('SELECT source, attestation FROM calls ORDER BY start_ms').all()).toEqual([
      { source: 'telnyx', attestation: 'B' },
      { source: 'bandwidth', attestation: 'A' },
    ]);
  });
});
