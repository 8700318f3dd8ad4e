import { describe, expect, it } from 'vitest';
import { parseAnalyticsText, parseReasonHeader } from '../../../src/core/sip/parse-reason-header.js';

describe('parseReasonHeader', () => {
  it.each([
    [
      'Reason: Q.850;cause=21;text="Call Rejected"',
      { protocol: 'Q.850', cause: 21, text: 'Call Rejected', location: null },
    ],
    [
      'Reason: SIP ;cause=200 ;text="Call completed elsewhere"',
      { protocol: 'SIP', cause: 200, text: 'Call completed elsewhere', location: null },
    ],
    ['reason:q.850;cause=16', { protocol: 'Q.850', cause: 16, text: null, location: null }],
    ['Q.850;cause=21;location=ln', { protocol: 'Q.850', cause: 21, text: null, location: 'LN' }],
    [
      'STIR;cause=438;text="Invalid Identity Header"',
      { protocol: 'STIR', cause: 438, text: 'Invalid Identity Header', location: null },
    ],
  ])('%s', (input, expected) => {
    const [r] = parseReasonHeader(input);
    expect(r).toMatchObject(expected);
  });

  it('splits several values but not commas inside quotes', () => {
    const rs = parseReasonHeader('Reason: SIP;cause=480;text="Busy, try later", Q.850;cause=17;text="User busy"');
    expect(rs.map((r) => [r.protocol, r.cause, r.text])).toEqual([
      ['SIP', 480, 'Busy, try later'],
      ['Q.850', 17, 'User busy'],
    ]);
  });

  it('keeps semicolons inside the quoted 603+ text and reads its parts', () => {
    const [r] = parseReasonHeader(
      'Reason:SIP;cause=603;text="v=analytics1;url=https://example.com;id=12345";location=LN',
    );
    expect(r?.text).toBe('v=analytics1;url=https://example.com;id=12345');
    expect(r?.location).toBe('LN');
    expect(r?.analytics).toEqual({
      version: 'analytics1',
      url: 'https://example.com',
      id: '12345',
      other: {},
      hasContact: true,
    });
  });

  it('unescapes quoted pairs', () => {
    const [r] = parseReasonHeader('Q.850;cause=21;text="say \\"no\\""');
    expect(r?.text).toBe('say "no"');
  });

  it('returns nothing for text that is not a Reason value', () => {
    expect(parseReasonHeader('Reason: garbage')).toEqual([]);
    expect(parseReasonHeader('')).toEqual([]);
    expect(parseReasonHeader('Reason: ;cause=1')).toEqual([]);
  });

  it('leaves a non-numeric cause as null', () => {
    expect(parseReasonHeader('Q.850;cause=abc')[0]?.cause).toBeNull();
  });
});

describe('parseAnalyticsText (ATIS-1000099)', () => {
  it('reads every contact and flags a notice without one', () => {
    expect(parseAnalyticsText('v=analytics1;tel=+18005550100;email=redress@example.com')).toMatchObject({
      tel: '+18005550100',
      email: 'redress@example.com',
      hasContact: true,
    });
    expect(parseAnalyticsText('v=analytics1;id=abc')).toMatchObject({ id: 'abc', hasContact: false });
  });
  it('keeps unknown pairs', () => {
    expect(parseAnalyticsText('v=analytics1;url=https://x.example;reason=high-volume')?.other).toEqual({
      reason: 'high-volume',
    });
  });
  it('is null for ordinary text', () => {
    expect(parseAnalyticsText('Call Rejected')).toBeNull();
    expect(parseAnalyticsText('url=https://x.example')).toBeNull();
  });
});
