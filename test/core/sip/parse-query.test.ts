import { describe, expect, it } from 'vitest';
import { parseQuery, type Query } from '../../../src/core/sip/parse-query.js';

function q(input: string): Query {
  const r = parseQuery(input);
  if (!r.ok) throw new Error(`expected ${input} to parse: ${r.error.message}`);
  return r.query;
}

describe('parseQuery: what people paste', () => {
  it.each([
    ['403', '403', null, 'bare'],
    ['  486 ', '486', null, 'bare'],
    ['SIP/2.0 403 Forbidden', '403', null, 'status_line'],
    ['sip/2.0 480 Temporarily Unavailable', '480', null, 'status_line'],
    [
      'SIP/2.0 403 Caller Origination Number is Invalid D35',
      '403',
      'Caller Origination Number is Invalid D35',
      'status_line',
    ],
    ['403 Spam suspected', '403', 'Spam suspected', 'code_phrase'],
    ['603 Network Blocked', '603+', null, 'code_phrase'],
    ['603 network  blocked', '603+', 'network  blocked', 'code_phrase'],
    ['603 Decline', '603', null, 'code_phrase'],
    ['603+', '603+', null, 'bare'],
    ['SIP/2.0 603 Network Blocked', '603+', null, 'status_line'],
    ['437 Unsupported Certificate', '437', null, 'code_phrase'],
    ['500 Internal Server Error', '500', null, 'code_phrase'],
    ['409', '409', null, 'bare'],
    ['forbidden', '403', null, 'phrase'],
    ['Network Blocked', '603+', null, 'phrase'],
  ])('%s -> %s', (input, key, phrase, form) => {
    const r = q(input);
    expect(r.kind).toBe('code');
    if (r.kind !== 'code') return;
    expect(r.key).toBe(key);
    expect(r.phrase).toBe(phrase);
    expect(r.form).toBe(form);
  });

  it.each([
    ['q850 21', 21],
    ['Q.850 21', 21],
    ['q.850 cause 17', 17],
    ['cause 34', 34],
    ['Q850=16', 16],
  ])('%s -> Q.850 cause %i', (input, cause) => {
    const r = q(input);
    expect(r).toMatchObject({ kind: 'q850', cause, form: 'q850' });
  });

  it('reads a whole Q.850 Reason header', () => {
    const r = q('Reason: Q.850;cause=21;text="Call Rejected"');
    expect(r).toMatchObject({ kind: 'q850', cause: 21, form: 'reason_header' });
    if (r.kind === 'q850') expect(r.reasons[0]?.text).toBe('Call Rejected');
  });

  it('reads a Reason value pasted without the header name', () => {
    expect(q('Q.850;cause=16;text="Terminated"')).toMatchObject({ kind: 'q850', cause: 16 });
    expect(q('SIP;cause=486')).toMatchObject({ kind: 'code', key: '486', form: 'reason_header' });
    expect(q('Reason: STIR;cause=438;text="Invalid Identity Header"')).toMatchObject({
      kind: 'code',
      key: '438',
      form: 'reason_header',
    });
  });

  it('reads a 603+ Reason header as 603 Network Blocked with its notice', () => {
    const r = q(
      'Reason: SIP;cause=603;text="v=analytics1;url=https://example.com;tel=+18005550100;id=12345";location=LN',
    );
    expect(r).toMatchObject({ kind: 'code', key: '603+', code: 603, form: 'reason_header' });
    if (r.kind !== 'code') return;
    expect(r.reasons[0]?.location).toBe('LN');
    expect(r.reasons[0]?.analytics).toMatchObject({
      version: 'analytics1',
      url: 'https://example.com',
      tel: '+18005550100',
      id: '12345',
      hasContact: true,
    });
  });

  it('reads the Q.850 form of a 603+ notice (FreeSWITCH test vector) as 603+', () => {
    const r = q('Reason: Q.850;cause=21;text="v=analytics1;url=https://example.com/redress";location=LN');
    expect(r).toMatchObject({ kind: 'code', key: '603+' });
  });

  it('takes the status line and the Reason header from a pasted trace', () => {
    const trace = [
      'SIP/2.0 403 Forbidden',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
      'Call-ID: a84b4c76e66710@pc33.example.com',
      'Reason: Q.850;cause=21;text="Call Rejected"',
      'Content-Length: 0',
    ].join('\r\n');
    const r = q(trace);
    expect(r).toMatchObject({ kind: 'code', key: '403', form: 'status_line' });
    if (r.kind === 'code') expect(r.reasons).toHaveLength(1);
  });

  it.each([
    ['busy', ['486', '600'], [17]],
    ['not acceptable', ['406', '488', '606'], []],
  ])('phrase %s lists every match', (input, keys, causes) => {
    const r = q(input);
    expect(r.kind).toBe('phrase');
    if (r.kind !== 'phrase') return;
    expect(r.keys).toEqual(keys);
    expect(r.causes).toEqual(causes);
  });

  it('decodes a carrier phrase given alone', () => {
    const r = q('Caller Origination Number is Invalid D35');
    expect(r).toMatchObject({ kind: 'phrase', keys: [] });
    if (r.kind === 'phrase') expect(r.decoded?.category).toBe('caller_id');
  });
});

describe('parseQuery: near misses and bad input', () => {
  it.each([
    ['4O3', 'sip.unknown_code', /"4O3" is not a SIP code\. Did you mean 403\?/],
    ['4o4', 'sip.unknown_code', /Did you mean 404\?/],
    ['799', 'sip.unknown_code', /^No SIP response 799\. Codes run from 100 to 699\.$/],
    ['99', 'sip.unknown_code', /No SIP response 99\./],
    ['4033', 'sip.unknown_code', /Did you mean 403\?/],
    ['499', 'sip.unknown_code', /499 is not a registered SIP response code/],
    ['q850 200', 'sip.unknown_cause', /No Q\.850 cause 200\. Cause values run from 1 to 127\./],
    ['', 'sip.empty_query', /Give a SIP code/],
    ['   ', 'sip.empty_query', /Give a SIP code/],
    ['xyzzy plugh', 'sip.unknown_query', /Nothing matches "xyzzy plugh"/],
    ['Reason: garbage', 'sip.unknown_query', /no cause/],
  ])('%s -> %s', (input, code, message) => {
    const r = parseQuery(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
  });

  it('suggests registered codes of the same class for an unregistered one', () => {
    const r = parseQuery('499');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.hints.join(' ')).toContain('494, 493, 491');
  });

  it('points a small number at Q.850', () => {
    const r = parseQuery('21');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.hints[0]).toContain('q850 21');
  });

  it('never throws, whatever it is given', () => {
    for (const s of [
      '"',
      ';;;',
      'Reason: SIP;cause="',
      'SIP/2.0',
      '\u0000\u0001',
      'a'.repeat(10_000),
      '603+ +',
      'Q.850;cause=abc',
    ]) {
      expect(() => parseQuery(s)).not.toThrow();
    }
  });
});
