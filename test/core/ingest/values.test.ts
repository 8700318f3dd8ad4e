import { describe, expect, it } from 'vitest';
import { parseQ850, parseSipCode, parseTime, statusToCode } from '../../../src/core/ingest/values.js';

describe('parseSipCode: however a source writes it', () => {
  it.each([
    [403, { code: 403, reason: null }],
    ['403', { code: 403, reason: null }],
    ['SIP 403 Forbidden', { code: 403, reason: 'Forbidden' }],
    ['SIP/2.0 403 Forbidden', { code: 403, reason: 'Forbidden' }],
    ['sip:403', { code: 403, reason: null }],
    ['603 Network Blocked', { code: 603, reason: 'Network Blocked' }],
    [' 486 Busy Here ', { code: 486, reason: 'Busy Here' }],
  ])('%j', (input, expected) => {
    expect(parseSipCode(input)).toEqual(expected);
  });

  it.each([[''], [null], [undefined], [0], ['0']])('absent: %j', (input) => {
    expect(parseSipCode(input)).toBeNull();
  });

  it.each([
    [99, 'SIP code 99 is outside 100-699'],
    ['700', 'SIP code 700 is outside 100-699'],
    ['SIP 799 Bogus', 'SIP code 799 is outside 100-699'],
    [403.5, 'SIP code 403.5 is not a whole number'],
    ['Forbidden', '"Forbidden" is not a SIP code'],
  ])('bad: %j', (input, error) => {
    expect(parseSipCode(input)).toEqual({ error });
  });
});

describe('parseTime', () => {
  const t = Date.UTC(2026, 10, 20, 14, 0, 3);
  it.each([
    ['2026-11-20T14:00:03Z', t],
    ['2026-11-20T14:00:03.000+00:00', t],
    ['2026-11-20T08:00:03-06:00', t],
    ['2026-11-20 14:00:03', t],
    ['2026-11-20T14:00:03', t],
    ['2026-11-20 14:00:03 UTC', t],
    ['2026-11-20 14:00:03 +0000', t],
    ['Fri, 20 Nov 2026 14:00:03 +0000', t],
    ['1795183203', t],
    [1795183203, t],
    ['1795183203000', t],
    [1795183203000000, t],
    ['1795183203.250', t + 250],
  ])('%j', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });

  it.each([['yesterday'], [''], ['2026-13-45T00:00:00Z'], ['20/11/2026 14:00'], [0], ['12']])('unreadable or out of range: %j', (input) => {
    expect(parseTime(input)).toBeNull();
  });
});

describe('parseQ850 and statusToCode', () => {
  it('reads Q.850 causes in plain or Reason-header form', () => {
    expect(parseQ850('21')).toBe(21);
    expect(parseQ850('Q.850;cause=21;text="Call Rejected"')).toBe(21);
    expect(parseQ850(200)).toBeNull();
    expect(parseQ850('x')).toBeNull();
  });

  it('maps final statuses that name one outcome, leaves the rest alone', () => {
    expect(statusToCode('completed')).toEqual({ code: 200 });
    expect(statusToCode('no-answer')).toEqual({ code: 480 });
    expect(statusToCode('USER_BUSY')).toEqual({ code: 486 });
    expect(statusToCode('ringing')).toBe('non-final');
    expect(statusToCode('failed')).toBeNull();
    expect(statusToCode('CALL_REJECTED')).toBeNull();
  });
});
