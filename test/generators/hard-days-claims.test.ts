import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call.js';
import { consistent, refusals } from './hard-days/check.js';
import {
  SCENARIO_NAMES,
  generateScenario,
  inSegment,
  type GeneratedScenario,
  type Planted,
} from './hard-days/index.js';

/**
 * What each scenario's description claims about its day, checked on five seeds: the generator
 * must make the hard shape it names (a whole-day rate under a 50% gate, a number carrying 70% of
 * every route...), or the analysis would be tested on an easier day than it is told.
 */
const SEEDS = [1, 2, 3, 4, 5];
const DAY = '2026-11-20';

const only = (g: GeneratedScenario): Planted => {
  expect(g.planted).toHaveLength(1);
  return g.planted[0]!;
};
const where = (g: GeneratedScenario, f: (c: CallRecord) => boolean): CallRecord[] => g.calls.filter(f);
const atNoise = (g: GeneratedScenario, calls: readonly CallRecord[]): void => {
  const r = refusals(calls);
  expect(
    consistent(r.blocked, r.calls, g.noise, { atMost: true }),
    `${r.blocked} of ${r.calls} at noise ${g.noise.toFixed(4)}`,
  ).toBe(true);
};
const share = (part: number, whole: number): number => part / Math.max(whole, 1);
const localHour = (ms: number, timeZone: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(ms));

const CLAIMS: Record<string, (g: GeneratedScenario) => void> = {
  'route-broken-midday': (g) => {
    const p = only(g);
    expect(p.rate).toBe(0.96);
    expect(localHour(Date.parse(p.began!), 'UTC')).toBe(14);
    // The point of the scenario: over the whole day the route is under a 50% gate.
    const day = refusals(where(g, (c) => c.route === p.subject));
    expect(day.rate).toBeGreaterThan(0.25);
    expect(day.rate).toBeLessThan(0.6);
    atNoise(
      g,
      where(g, (c) => c.route === p.subject && c.startMs < Date.parse(p.began!)),
    );
  },
  'route-recovered-midday': (g) => {
    const p = only(g);
    atNoise(
      g,
      where(
        g,
        (c) => c.route === p.subject && (c.startMs < Date.parse(p.began!) || c.startMs >= Date.parse(p.recovered!)),
      ),
    );
    expect(refusals(where(g, (c) => c.route === p.subject)).rate).toBeLessThan(0.5);
  },
  'route-break-week': (g) => {
    const p = only(g);
    expect(Date.parse(g.period.to) - Date.parse(g.period.from)).toBe(7 * 86_400_000);
    expect(refusals(where(g, (c) => c.route === p.subject)).rate).toBeLessThan(0.15);
    atNoise(
      g,
      where(g, (c) => c.route === p.subject && c.startMs < Date.parse(p.began!)),
    );
  },
  'route-refuses-gb': (g) => {
    const p = only(g);
    expect(p.regions).toEqual(['GB']);
    atNoise(
      g,
      where(g, (c) => c.route === p.subject && c.calleeRegion !== 'GB'),
    );
    expect(refusals(where(g, (c) => c.route === p.subject)).rate).toBeLessThan(0.35);
  },
  'la-evening-route-break': (g) => {
    const p = only(g);
    expect(g.period).toMatchObject({
      from: '2026-11-20T08:00:00.000Z',
      to: '2026-11-21T08:00:00.000Z',
      timeZone: 'America/Los_Angeles',
    });
    expect(p.began).toBe('2026-11-21T01:00:00.000Z');
    // Most of the planted refusals fall after UTC midnight: a UTC day would cut the pattern in two.
    const refused = where(g, (c) => inSegment(p.segment, c));
    expect(share(refused.filter((c) => c.startMs >= Date.parse('2026-11-21T00:00:00Z')).length, refused.length)).toBe(
      1,
    );
  },
  'account-suspended': (g) => {
    const p = only(g);
    for (const route of new Set(g.calls.map((c) => c.route))) {
      expect(refusals(where(g, (c) => c.route === route && c.startMs >= Date.parse(p.began!))).rate).toBeGreaterThan(
        0.9,
      );
    }
  },
  'pool-5-of-16': (g) => {
    expect(new Set(g.calls.map((c) => c.caller)).size).toBe(16);
    expect(g.planted.map((p) => p.verdict)).toEqual(Array(5).fill('reputation'));
    for (const p of g.planted) {
      expect(p.routes!.length).toBeGreaterThanOrEqual(2);
      expect(p.routes!.length).toBeLessThan(4);
      atNoise(
        g,
        where(g, (c) => c.caller === p.subject && !p.routes!.includes(c.route)),
      );
    }
  },
  'dominant-number': (g) => {
    const p = only(g);
    for (const route of new Set(g.calls.map((c) => c.route))) {
      const on = where(g, (c) => c.route === route);
      const s = share(on.filter((c) => c.caller === p.subject).length, on.length);
      expect(s).toBeGreaterThan(0.62);
      expect(s).toBeLessThan(0.78);
    }
  },
  'carrier-policy-one-route': (g) => {
    const p = only(g);
    atNoise(
      g,
      where(g, (c) => c.caller === p.subject && c.route !== p.routes![0]),
    );
    atNoise(
      g,
      where(g, (c) => c.caller !== p.subject && c.route === p.routes![0]),
    );
  },
  'carrier-policy-owns-route': (g) => {
    const p = only(g);
    const route = p.routes![0]!;
    const on = where(g, (c) => c.route === route);
    const s = share(on.filter((c) => c.caller === p.subject).length, on.length);
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(0.7);
    expect(refusals(on).rate).toBeGreaterThan(0.3);
    atNoise(
      g,
      on.filter((c) => c.caller !== p.subject),
    );
    atNoise(
      g,
      where(g, (c) => c.caller === p.subject && c.route !== route),
    );
  },
  'velocity-burst': (g) => {
    const p = only(g);
    const mine = where(g, (c) => c.caller === p.subject);
    const perHour = (from: number, to: number): number =>
      mine.filter((c) => c.startMs >= from && c.startMs < to).length / ((to - from) / 3_600_000);
    const burst = perHour(Date.parse(p.began!), Date.parse(p.recovered!));
    const usual = perHour(Date.parse('2026-11-20T09:00:00Z'), Date.parse('2026-11-20T12:00:00Z'));
    expect(burst / usual).toBeGreaterThan(2.5);
    atNoise(
      g,
      mine.filter((c) => !inSegment(p.segment, c)),
    );
  },
  'account-500-numbers': (g) => {
    const perNumber = new Map<string, number>();
    for (const c of g.calls) perNumber.set(c.caller, (perNumber.get(c.caller) ?? 0) + 1);
    expect(perNumber.size).toBe(500);
    const counts = [...perNumber.values()].sort((a, b) => a - b);
    expect(counts[250]).toBeGreaterThan(20);
    expect(counts[250]).toBeLessThan(40);
    expect(g.planted).toHaveLength(2);
  },
  'barred-area-code-local-presence': (g) => {
    const p = only(g);
    const local = g.calls.find((c) => c.callerNpa === p.subject && c.caller.endsWith('0190'))!.caller;
    const mine = where(g, (c) => c.caller === local);
    expect(share(mine.filter((c) => c.calleeRegion === p.subject).length, mine.length)).toBeGreaterThan(0.65);
    // It looks like reputation: refused on every route...
    for (const route of new Set(g.calls.map((c) => c.route)))
      expect(refusals(mine.filter((c) => c.route === route)).rate).toBeGreaterThan(0.45);
    // ...but its calls elsewhere are fine, and the other numbers' calls into the area code are refused.
    atNoise(
      g,
      mine.filter((c) => c.calleeRegion !== p.subject),
    );
    const others = refusals(where(g, (c) => c.caller !== local && c.calleeRegion === p.subject));
    expect(others.calls).toBeGreaterThan(150);
    expect(others.rate).toBeGreaterThan(0.8);
    expect(g.quiet).toContain(local);
  },
  'one-area-code': (g) => {
    expect(new Set(g.calls.map((c) => c.calleeRegion)).size).toBe(1);
    expect(only(g).says).toBe('no history yet');
  },
  'uniform-14-first-day': (g) => {
    for (const key of ['caller', 'route', 'calleeRegion'] as const) {
      for (const v of new Set(g.calls.map((c) => c[key]))) {
        const r = refusals(where(g, (c) => c[key] === v));
        expect(consistent(r.blocked, r.calls, 0.14 + 0.86 * g.noise), `${key} ${v}: ${r.blocked} of ${r.calls}`).toBe(
          true,
        );
      }
    }
  },
  'first-day-small': (g) => {
    expect(g.calls.length).toBeLessThan(2000);
    const few = g.planted.find((p) => p.verdict === 'insufficient_data')!;
    expect(where(g, (c) => c.caller === few.subject)).toHaveLength(7);
  },
  'dialer-mix': (g) => {
    const answered = share(where(g, (c) => c.sipCode === 200).length, g.calls.length);
    expect(answered).toBeGreaterThan(0.008);
    expect(answered).toBeLessThan(0.025);
    expect(share(where(g, (c) => c.sipCode === 480 || c.sipCode === 487).length, g.calls.length)).toBeGreaterThan(0.7);
  },
  'outage-503': (g) => {
    const failed = where(g, (c) => c.sipCode === 503);
    const route = failed
      .map((c) => c.route)
      .sort((a, b) => failed.filter((c) => c.route === b).length - failed.filter((c) => c.route === a).length)[0]!;
    expect(share(failed.filter((c) => c.route === route).length, failed.length)).toBeGreaterThan(0.7);
  },
  'stir-failures': (g) => {
    expect(share(where(g, (c) => c.sipCode >= 436 && c.sipCode <= 438).length, g.calls.length)).toBeGreaterThan(0.04);
  },
  'week-three-onsets': (g) => {
    expect(g.planted.map((p) => p.verdict).sort()).toEqual(['configuration', 'destination_policy', 'reputation']);
    const last48h = Date.parse(g.period.to) - 2 * 86_400_000;
    for (const p of g.planted) {
      expect(Date.parse(p.began!)).toBeGreaterThanOrEqual(last48h);
      const key = p.kind === 'route' ? 'route' : p.kind === 'region' ? 'calleeRegion' : 'caller';
      const week = refusals(where(g, (c) => c[key] === p.subject));
      expect(week.rate, `${p.subject} over the week`).toBeLessThan(0.3);
      atNoise(
        g,
        where(
          g,
          (c) =>
            c[key] === p.subject && c.startMs < Date.parse(p.began!) && !g.planted.some((q) => inSegment(q.segment, c)),
        ),
      );
    }
  },
  'three-causes-one-day': (g) => {
    const route = g.planted.find((p) => p.kind === 'route')!;
    const before = (c: CallRecord): boolean => c.route !== route.subject || c.startMs < Date.parse(route.began!);
    for (const p of g.planted.filter((x) => x.kind === 'number')) {
      atNoise(
        g,
        where(g, (c) => c.caller === p.subject && !p.routes!.includes(c.route) && before(c)),
      );
    }
    expect(new Set(g.planted.flatMap((p) => p.routes ?? [p.subject])).size).toBe(4);
  },
  'quiet-2pct': (g) => expect(g.noise).toBe(0.02),
  'quiet-2pct-week': (g) => expect(g.noise).toBe(0.02),
  'quiet-2pct-la': (g) => expect(g.period.from).toBe('2026-11-20T08:00:00.000Z'),
};

describe('each scenario makes the hard shape it names', () => {
  it('has a claim for every scenario', () => {
    expect(Object.keys(CLAIMS).sort()).toEqual([...SCENARIO_NAMES].sort());
  });
  for (const name of SCENARIO_NAMES) {
    it.each(SEEDS)(`${name} (seed %i)`, (seed) => {
      CLAIMS[name]!(generateScenario(name, { seed, day: DAY }));
    });
  }
});
