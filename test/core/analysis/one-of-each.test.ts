import { describe, expect, it } from 'vitest';
import { runText } from '../../../commands/registry.js';
import type { CommandEnv } from '../../../commands/types.js';
import { refusalChange } from '../../../src/core/analysis/change.js';
import { familyZ, judge } from '../../../src/core/analysis/test-rate.js';
import { defaultThresholds } from '../../../src/core/analysis/thresholds.js';
import { VERDICT_INFO, VERDICTS } from '../../../src/core/analysis/verdicts.js';
import { parseSubject as checkSubject } from '../../../src/core/checklist/subject.js';
import { loadChecklist } from '../../../src/core/checklist/schema.js';
import { pct, pctOf } from '../../../src/core/format/percent.js';
import { nearest, parseSubjectText } from '../../../src/core/subject.js';
import { generateDemo } from '../../../src/core/demo/seed-db.js';
import { buildPatterns } from '../../../src/core/digest/build-patterns.js';
import { testCtx } from '../../helpers/ctx.js';

const th = defaultThresholds();

describe('the statistical test at its edges', () => {
  // reference 0.01 -> judged against 3 x 1% = 3% on the lower Wilson bound (z 3.29).
  it.each([
    ['no calls', 0, 0, 0.01, false, 'too_few_calls'],
    ['29 calls, all refused', 29, 29, 0.01, false, 'too_few_calls'],
    ['30 calls, 4 refused', 30, 4, 0.01, false, 'too_few_refusals'],
    ['1000 calls, 40 refused (4%, under min_rate)', 1000, 40, 0, false, 'rate_too_low'],
    ['30 calls, 5 refused (17%) against 2%', 30, 5, 0.02, false, 'not_above_reference'],
    ['30 calls, 5 refused (17%) against 1%', 30, 5, 0.01, true, undefined],
    ['30 calls, 10 refused (33%)', 30, 10, 0.01, true, undefined],
    ['30 calls, all refused', 30, 30, 0.01, true, undefined],
    ['10,000 calls at 4x a 1% reference', 10_000, 400, 0.01, false, 'rate_too_low'],
    ['10,000 calls at 6% against 1%', 10_000, 600, 0.01, true, undefined],
    ['10,000 calls at 6% against 2.5%', 10_000, 600, 0.025, false, 'not_above_reference'],
    ['a reference of 0 is the noise floor: 100 calls, 5 refused', 100, 5, 0, false, 'not_above_reference'],
    ['a reference of 0 is the noise floor: 100 calls, 10 refused', 100, 10, 0, true, undefined],
    ['a reference of 1 can never be beaten', 100, 100, 1, false, 'not_above_reference'],
    ['a reference that is not a number is the noise floor', 100, 10, Number.NaN, true, undefined],
  ])('%s', (_name, calls, blocked, reference, elevated, because) => {
    const j = judge({ calls, blocked }, reference, th);
    expect(j.elevated).toBe(elevated);
    expect(j.because).toBe(because);
    expect(j.reference).toBeGreaterThanOrEqual(th.noise_floor);
    expect(j.lo).toBeLessThanOrEqual(j.hi);
  });

  it('a family of tests raises z only beyond family_tests, and monotonically', () => {
    expect(familyZ(th, 1)).toBe(th.z);
    expect(familyZ(th, th.family_tests)).toBe(th.z);
    expect(familyZ(th, 2000)).toBeCloseTo(4.06, 1);
    expect(familyZ(th, 20_000)).toBeGreaterThan(familyZ(th, 2000));
  });
});

describe('when refusals changed', () => {
  const series = (calls: number[], blocked: number[]) => ({
    calls: Float64Array.from(calls),
    blocked: Float64Array.from(blocked),
  });
  const flat = Array.from({ length: 24 }, () => 100);

  it('a flat rate has no change; nor does a little noise', () => {
    expect(
      refusalChange(
        series(
          flat,
          flat.map(() => 1),
        ),
        th,
      ),
    ).toBeNull();
    expect(
      refusalChange(
        series(
          flat,
          flat.map((_, h) => (h % 5 === 0 ? 3 : 1)),
        ),
        th,
      ),
    ).toBeNull();
  });

  it('a break at 14:00 that lasts is [14, 24) with no recovery; one that stops at 18:00 recovers there', () => {
    expect(
      refusalChange(
        series(
          flat,
          flat.map((_, h) => (h >= 14 ? 95 : 1)),
        ),
        th,
      ),
    ).toMatchObject({ start: 14, end: 24 });
    expect(
      refusalChange(
        series(
          flat,
          flat.map((_, h) => (h >= 14 && h < 18 ? 95 : 1)),
        ),
        th,
      ),
    ).toMatchObject({ start: 14, end: 18 });
  });

  it('a few quiet calls after the break are not a recovery', () => {
    const calls = flat.map((_, h) => (h >= 22 ? 3 : 100));
    expect(
      refusalChange(
        series(
          calls,
          calls.map((c, h) => (h >= 14 && h < 22 ? 95 : 0)),
        ),
        th,
      ),
    ).toMatchObject({ start: 14, end: 24 });
  });
});

describe('one of each', () => {
  it('every verdict has its label, next steps, checklist lean and a checklist verdict', () => {
    const c = loadChecklist();
    for (const v of VERDICTS) {
      expect(VERDICT_INFO[v].label).toMatch(/^[a-z ]+$/);
      expect(
        VERDICT_INFO[v].nextSteps({ kind: 'number', subject: '+12125550123', routes: ['a', 'b'] }).length,
      ).toBeGreaterThan(0);
      expect(c.verdicts[v].title.length).toBeGreaterThan(0);
    }
    expect(Object.keys(VERDICT_INFO).sort()).toEqual([...VERDICTS].sort());
  });

  it.each([
    [0, '0%'],
    [-1, '0%'],
    [Number.NaN, '0%'],
    [0.0004, '<0.1%'],
    [0.0005, '0.1%'],
    [0.003, '0.3%'],
    [0.0995, '10%'],
    [0.0994, '9.9%'],
    [0.36, '36%'],
    [1, '100%'],
  ])('pct(%d) is %s', (x, out) => {
    expect(pct(x)).toBe(out);
  });

  it('a share of nothing is 0%, never 0.0%', () => {
    expect(pctOf(0, 0)).toBe('0%');
    expect(pctOf(0, 50)).toBe('0%');
  });

  it.each([
    ['(212) 555-0123', 'US', { kind: 'number', value: '+12125550123' }],
    ['212.555.0123', 'US', { kind: 'number', value: '+12125550123' }],
    ['020 7946 0018', 'GB', { kind: 'number', value: '+442079460018' }],
    ['+44 20 7946 0018', 'US', { kind: 'number', value: '+442079460018' }],
    ['512', 'US', { kind: 'region', value: '512' }],
    ['GB', 'US', { kind: 'region', value: 'GB' }],
    ['telco-east', 'US', { kind: 'route', value: 'telco-east' }],
    ['', 'US', { kind: 'account', value: '*' }],
  ])('"%s" in %s is %o', (raw, country, want) => {
    expect(parseSubjectText(raw, { defaultCountry: country })).toEqual(want);
  });

  it('the checklist reads a national number in SIPBOT_DEFAULT_COUNTRY, like patterns', () => {
    expect(checkSubject('020 7946 0018', [], 'GB')).toEqual({ kind: 'number', value: '+442079460018' });
    expect(checkSubject('(212) 555-0123', [], 'US').value).toBe(
      parseSubjectText('(212) 555-0123', { defaultCountry: 'US' }).value,
    );
  });

  it('names the nearest known subjects, closest first', () => {
    expect(nearest('sipln', ['telco-east', 'sipline', 'voxroute'])[0]).toBe('sipline');
  });
});

describe('patterns of a subject', () => {
  const ctx = testCtx({ now: '2026-11-21T00:00:00Z' });
  generateDemo(ctx.db, { days: 8, callsPerDay: 3000, end: new Date('2026-11-21T00:00:00Z'), seed: 2 });
  const env: CommandEnv = { ctx, invoker: { platform: 'slack', userId: 'U1', channelId: 'C1' } };

  it("a region shows that region's totals, not the account's", () => {
    const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'), timeZone: 'UTC' };
    const all = buildPatterns(ctx.db, window).analysis.report.totals;
    const jm = buildPatterns(ctx.db, { ...window, region: '876' }).analysis.report.totals;
    expect(jm.calls).toBeGreaterThan(0);
    expect(jm.calls).toBeLessThan(all.calls / 10);
    expect(jm.rate).toBeGreaterThan(all.rate);
  });

  it('an unknown subject is an error naming the nearest ones with calls', async () => {
    await expect(runText('patterns siplin 24h', env)).rejects.toMatchObject({
      code: 'patterns.unknown_subject',
      message: expect.stringMatching(/No calls on route siplin in the last 1 day; nearest with calls: sipline/),
    });
  });
});
