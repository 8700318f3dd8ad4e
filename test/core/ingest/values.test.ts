import { describe, expect, it } from 'vitest';
import { dateOrderOf, readTime } from '../../../src/core/ingest/time.js';
import { parseQ850, parseSipCode, parseTime, statusToCode, text } from '../../../src/core/ingest/values.js';

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
    ['403abc', '"403abc" is not a SIP code'],
    ['403.5', '"403.5" is not a SIP code'],
    ['4031', '"4031" is not a SIP code'],
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

  it.each([
    ['yesterday'],
    [''],
    ['2026-13-45T00:00:00Z'],
    ['03/04/2026 14:00'],
    [0],
    ['12'],
    ['-1'],
    [-1],
    ['foo 7'],
    ['3/4'],
    ['March 7'],
    ['2026-02-30T10:00:00Z'],
    ['2026-11-20T24:00:00Z'],
    ['2026-11-20T23:60:00Z'],
    ['1795183203abc'],
  ])('unreadable, impossible or out of range: %j', (input) => {
    expect(parseTime(input)).toBeNull();
  });

  it('reads slashed dates when the order is unambiguous or given, and says why when not', () => {
    expect(parseTime('20/11/2026 14:00:03')).toBe(t);
    expect(parseTime('11/20/2026 2:00:03 PM')).toBe(t);
    expect(parseTime('03/04/2026 10:00', { dateOrder: 'dmy' })).toBe(Date.UTC(2026, 3, 3, 10));
    expect(parseTime('03/04/2026 10:00', { dateOrder: 'mdy' })).toBe(Date.UTC(2026, 2, 4, 10));
    expect(readTime('03/04/2026 10:00')).toEqual({
      error: 'ambiguous date "03/04/2026 10:00": say --date-order mdy (US) or dmy',
    });
    expect(dateOrderOf(['03/04/2026', '27/04/2026'])).toBe('dmy');
    expect(dateOrderOf(['03/04/2026', '04/27/2026'])).toBe('mdy');
    expect(dateOrderOf(['03/04/2026'])).toBeUndefined();
  });

  it('reads zone-less times in the given zone, across a DST change', () => {
    expect(parseTime('2026-11-20 08:00:03', { zone: 'America/Chicago' })).toBe(t);
    expect(parseTime('2026-07-01 09:00:00', { zone: 'America/Chicago' })).toBe(Date.UTC(2026, 6, 1, 14));
    expect(parseTime('2018-09-07 11:05:01', { zone: 'Asia/Krasnoyarsk' })).toBe(Date.UTC(2018, 8, 7, 4, 5, 1));
    // A time with its own offset ignores the zone.
    expect(parseTime('2026-11-20T14:00:03Z', { zone: 'America/Chicago' })).toBe(t);
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
    expect(statusToCode('ANSWERED')).toEqual({ code: 200 });
    expect(statusToCode('failed')).toBeNull();
    expect(statusToCode('CALL_REJECTED')).toBeNull();
  });
});

describe('text', () => {
  it("reads a database export's NULL as empty", () => {
    expect(text('NULL')).toBeUndefined();
    expect(text('\\N')).toBeUndefined();
    expect(text(' telco-east ')).toBe('telco-east');
  });
});
