import { describe, expect, it } from 'vitest';
import { isBlocked } from '../../src/core/call.js';
import { compareFindings, type FindingLike } from './hard-days/compare.js';
import { generateScenario, subjectTotals, type Planted } from './hard-days/index.js';

const route: Planted = {
  kind: 'route',
  subject: 'bluepeak',
  verdict: 'configuration',
  began: '2026-11-20T14:00:00.000Z',
  segment: { routes: ['bluepeak'] },
  rate: 0.96,
};
const number: Planted = {
  kind: 'number',
  subject: '+12125550100',
  verdict: 'reputation',
  routes: ['corvid', 'ironline'],
  segment: { callers: ['+12125550100'] },
  rate: 0.5,
};
const account: Planted = {
  kind: 'account',
  subject: '*',
  verdict: 'unexplained',
  says: 'no history yet',
  segment: {},
  rate: 0.14,
};
const day = { planted: [route, number], quiet: ['*', 'corvid', '+13125550100'] };
const right: FindingLike[] = [
  { kind: 'route', subject: 'bluepeak', verdict: 'configuration', began: '2026-11-20T14:20:00.000Z', recovered: null },
  { kind: 'number', subject: '+12125550100', verdict: 'reputation', routes: ['ironline', 'corvid'] },
];

describe('compareFindings', () => {
  it.each<[string, FindingLike[], string[]]>([
    ['all found, times within the hour, routes in any order', right, []],
    ['a planted finding missing', [right[1]!], ['route bluepeak: missing (planted configuration)']],
    [
      'a wrong verdict',
      [right[0]!, { ...right[1]!, verdict: 'carrier_policy' }],
      ['number +12125550100: carrier_policy, planted reputation'],
    ],
    [
      'wrong routes',
      [right[0]!, { ...right[1]!, routes: ['corvid'] }],
      ['number +12125550100: routes [corvid], planted [corvid, ironline]'],
    ],
    [
      'an onset 2 hours off',
      [{ ...right[0]!, began: '2026-11-20T12:00:00.000Z' }, right[1]!],
      ['route bluepeak: began 2026-11-20T12:00:00.000Z, planted 2026-11-20T14:00:00.000Z'],
    ],
    [
      'no onset',
      [{ ...right[0]!, began: null }, right[1]!],
      ['route bluepeak: no began, planted 2026-11-20T14:00:00.000Z'],
    ],
    [
      'a recovery that did not happen',
      [{ ...right[0]!, recovered: '2026-11-20T18:00:00.000Z' }, right[1]!],
      ['route bluepeak: reports recovered 2026-11-20T18:00:00.000Z, none planted'],
    ],
    [
      'a quiet subject flagged, and one neither planted nor quiet',
      [
        ...right,
        { kind: 'route', subject: 'corvid', verdict: 'configuration' },
        { kind: 'region', subject: 'GB', verdict: 'unexplained' },
      ],
      ['route corvid: flagged configuration, must stay quiet', 'region GB: flagged unexplained, not planted'],
    ],
  ])('%s', (_name, findings, problems) => {
    expect(compareFindings(day, findings)).toEqual(problems);
  });

  it('checks the words a finding must say', () => {
    const g = { planted: [account], quiet: [] };
    expect(
      compareFindings(g, [
        { kind: 'account', subject: '*', verdict: 'unexplained', summary: 'All traffic: 14% refused (baseline 0%)' },
      ]),
    ).toEqual(['account *: summary does not say "no history yet"']);
    expect(
      compareFindings(g, [
        { kind: 'account', subject: '*', verdict: 'unexplained', summary: 'All traffic: 14% refused, no history yet' },
      ]),
    ).toEqual([]);
  });
});

describe('subjectTotals', () => {
  it('counts a number, a route, a region and the account in the period, and nothing for an unknown subject', () => {
    const g = generateScenario('carrier-policy-one-route', { seed: 1, day: '2026-11-20', historyDays: 2 });
    const inPeriod = g.calls.filter((c) => c.startMs >= Date.parse(g.period.from));
    const p = g.planted[0]!;
    const n = subjectTotals(g, p.subject);
    expect(n.calls).toBe(inPeriod.filter((c) => c.caller === p.subject).length);
    expect(n.blocked).toBe(inPeriod.filter((c) => c.caller === p.subject && isBlocked(c.sipCode, c.sipReason)).length);
    expect(subjectTotals(g, p.routes![0]!).calls).toBe(inPeriod.filter((c) => c.route === p.routes![0]).length);
    expect(subjectTotals(g, 'GB').calls).toBe(inPeriod.filter((c) => c.calleeRegion === 'GB').length);
    expect(subjectTotals(g, '*').calls).toBe(inPeriod.length);
    expect(subjectTotals(g, '*', { from: '2026-11-18T00:00:00Z' }).calls).toBe(g.calls.length);
    expect(subjectTotals(g, 'nosuchroute')).toEqual({ calls: 0, blocked: 0, rate: 0 });
  });
});
