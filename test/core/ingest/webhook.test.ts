import { describe, expect, it } from 'vitest';
import { parseCallPayload } from '../../../src/core/ingest/index.js';
import { testCtx } from '../../helpers/ctx.js';

/** Twilio status-callback parameters, as the webhook route hands them over; override per test. */
function twilioParams(over: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: 'AC3f2b1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
    CallSid: 'CA01',
    CallStatus: 'failed',
    From: '+12125550123',
    To: '+15125550100',
    SipResponseCode: '403',
    Timestamp: 'Fri, 20 Nov 2026 21:00:02 +0000',
    Direction: 'outbound-api',
    ...over,
  };
}

describe('parseCallPayload (one webhook body)', () => {
  const ctx = testCtx();

  it('turns a final Twilio callback into a call', () => {
    const r = parseCallPayload(ctx, 'twilio', twilioParams());
    expect(r.kind).toBe('call');
    if (r.kind !== 'call') return;
    expect(r.record).toMatchObject({
      source: 'twilio',
      callId: 'CA01',
      sipCode: 403,
      caller: '+12125550123',
      calleeRegion: '512',
      route: 'twilio',
    });
  });

  it('ignores progress callbacks (saying why) and rejects a bad one with a reason', () => {
    expect(parseCallPayload(ctx, 'twilio', twilioParams({ CallStatus: 'ringing', SipResponseCode: '' }))).toEqual({
      kind: 'skip',
      why: 'status "ringing": not a final outcome',
    });
    expect(parseCallPayload(ctx, 'twilio', twilioParams({ To: '' }))).toEqual({
      kind: 'reject',
      error: 'no callee number',
    });
  });

  it('reads a Telnyx call.hangup body with a source name', () => {
    const body = {
      data: {
        event_type: 'call.hangup',
        id: 'e1',
        occurred_at: '2026-11-20T21:30:01Z',
        payload: {
          call_session_id: 's1',
          connection_id: 'conn-1',
          from: '+12125550123',
          to: '+15125550300',
          sip_hangup_cause: '603',
          hangup_cause: 'call_rejected',
          start_time: '2026-11-20T21:30:00Z',
        },
      },
    };
    const r = parseCallPayload(ctx, 'telnyx', body, { source: 'telnyx-prod' });
    expect(r).toMatchObject({
      kind: 'call',
      record: { source: 'telnyx-prod', callId: 's1', route: 'conn-1', sipCode: 603 },
    });
  });

  it('never throws on a malformed body', () => {
    expect(parseCallPayload(ctx, 'freeswitch', { variables: 'nope' })).toEqual({
      kind: 'reject',
      error: 'FreeSWITCH CDR without "variables"',
    });
    expect(parseCallPayload(ctx, 'telnyx', {}).kind).toBe('reject');
  });
});
