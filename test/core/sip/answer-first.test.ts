import { describe, expect, it } from 'vitest';
import { codeAnswer, refusalAnswer } from '../../../src/core/sip/answer-first.js';
import type { Analysis, Finding } from '../../../src/core/analysis/types.js';
import type { CodeStats } from '../../../src/store/code-stats.js';

const NOW = Date.parse('2026-11-20T18:00:00Z');

function finding(over: Partial<Finding>): Finding {
  return {
    kind: 'route',
    subject: 'sipline',
    verdict: 'configuration',
    calls: 1000,
    blocked: 900,
    rate: 0.9,
    baseline_rate: 0.003,
    routes: ['sipline'],
    summary: '',
    next_steps: [],
    reasons: [{ code: 403, reason: 'Forbidden', count: 300 }],
    ...over,
  };
}

function analysis(
  findings: Finding[],
  totals = { calls: 20_000, blocked: 980, rate: 0.049, baseline_rate: 0.004 },
): Analysis {
  return {
    report: { period: { from: '', to: '', timezone: 'UTC' }, totals, findings },
    routes: [],
    hours: [],
    rollupFolded: 0,
    hasHistory: true,
    known: { numbers: [], routes: [], regions: [] },
  };
}

describe('the answer line of /sip <refusal code>', () => {
  const config = finding({ began: '2026-11-20T14:10:00Z' });
  const rep = finding({
    kind: 'number',
    subject: '+12125550123',
    verdict: 'reputation',
    began: '2026-11-18T09:00:00Z',
    reasons: [
      { code: 603, reason: 'Network Blocked', count: 80 },
      { code: 403, reason: 'Spam', count: 4 },
    ],
  });
  const region = finding({
    kind: 'region',
    subject: '876',
    label: 'Jamaica',
    verdict: 'destination_policy',
    reasons: [{ code: 403, reason: 'Forbidden', count: 9 }],
  });
  const thin = finding({ kind: 'number', subject: '+16175550199', verdict: 'insufficient_data' });
  const only608 = finding({
    kind: 'number',
    subject: '+14155550188',
    verdict: 'velocity',
    reasons: [{ code: 608, reason: 'Rejected', count: 30 }],
  });

  it.each([
    [
      '403',
      [config, rep],
      '4.9% refused in 24 h: mostly sipline, configuration since 14:10; also +12125550123, reputation since 18 Nov',
    ],
    [
      '403',
      [config, rep, region, thin],
      '4.9% refused in 24 h: mostly sipline, configuration since 14:10; also +12125550123, reputation since 18 Nov; and 1 more',
    ],
    ['603+', [config, rep], '4.9% refused in 24 h: mostly +12125550123, reputation since 18 Nov'],
    ['608', [config, only608], '4.9% refused in 24 h: mostly +14155550188, velocity'],
    ['607', [region], '4.9% refused in 24 h: mostly 876 (Jamaica), destination policy'],
    [
      '403',
      [thin],
      "4.9% refused in 24 h (980 of 20,000), against 0.4% before: no pattern. Occasional 403s are usually one call's set-up (permissions, caller ID), not blocking.",
    ],
  ])('%s with %#', (code, findings, line) => {
    expect(refusalAnswer(code, analysis(findings), NOW, 'UTC')).toBe(line);
  });

  it("says the time in the team's zone", () => {
    expect(refusalAnswer('403', analysis([config]), NOW, 'America/Chicago')).toBe(
      '4.9% refused in 24 h: mostly sipline, configuration since 08:10',
    );
  });

  it('no calls at all', () => {
    expect(refusalAnswer('403', analysis([], { calls: 0, blocked: 0, rate: 0, baseline_rate: 0 }), NOW, 'UTC')).toBe(
      'No calls stored in the last 24 h: nothing to compare with.',
    );
  });
});

describe('the answer line of /sip <other code>', () => {
  const stats = (o: Partial<CodeStats>): CodeStats => ({
    last24h: 398,
    last7d: 2802,
    total24h: 4064,
    total7d: 24747,
    prev7d: 275,
    prevTotal7d: 2306,
    topCallers: [],
    topRoutes: [],
    topRegions: [],
    sampled: 0,
    reasons: [],
    causes: [],
    ...o,
  });
  it.each([
    [stats({}), '486 on 9.8% of calls in 24 h (398 of 4,064); the last 7 days against the week before: flat.'],
    [
      stats({ prev7d: 20 }),
      '486 on 9.8% of calls in 24 h (398 of 4,064); the last 7 days against the week before: up (13x).',
    ],
    [stats({ last24h: 0, last7d: 0 }), 'No 486 in your calls in the last 7 days (24,747 calls).'],
  ])('%#', (s, line) => {
    expect(codeAnswer('486', s)).toBe(line);
  });
});
