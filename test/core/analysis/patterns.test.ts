import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/analyze.js';
import { generateDemo } from '../../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS, truthOf, type PlantName } from '../../../src/core/demo/plants.js';
import { testCtx } from '../../helpers/ctx.js';

const END = new Date('2026-11-21T00:00:00Z');
const DAY_FROM = new Date('2026-11-20T00:00:00Z');

const cache = new Map<string, ReturnType<typeof testCtx>>();

/** A database of 8 demo days with `plant` on the last one; built once per set of arguments (analysis only reads). */
function seeded(plant: PlantName[], o: { seed?: number; callsPerDay?: number } = {}) {
  const key = JSON.stringify([plant, o]);
  let ctx = cache.get(key);
  if (!ctx) {
    ctx = testCtx();
    generateDemo(ctx.db, { days: 8, callsPerDay: o.callsPerDay ?? 4000, end: END, seed: o.seed ?? 7, plant });
    cache.set(key, ctx);
  }
  return ctx;
}

function lastDay(ctx: ReturnType<typeof testCtx>) {
  return analyze(ctx.db, { from: DAY_FROM, to: END });
}

describe('one planted pattern per verdict is found, and nothing else', () => {
  const cases: PlantName[] = [
    'route_config',
    'account_config',
    'reputation',
    'carrier_policy',
    'destination_policy',
    'velocity',
    'insufficient_data',
  ];
  for (const plant of cases) {
    it(`${plant} -> ${truthOf(plant).verdict} on ${truthOf(plant).kind} ${truthOf(plant).subject}`, () => {
      const truth = truthOf(plant);
      const r = lastDay(seeded([plant]));
      expect(r.findings.map((f) => [f.kind, f.subject, f.verdict])).toEqual([
        [truth.kind, truth.subject, truth.verdict],
      ]);
      const f = r.findings[0]!;
      expect(f.summary).toContain(f.subject === '*' ? 'All traffic' : f.subject);
      expect(f.summary).toMatch(/\d+ of \d+/);
      expect(f.next_steps.length).toBeGreaterThan(0);
    });
  }

  it('reputation names the routes it is refused on and shows the reason phrases, decoded', () => {
    const f = lastDay(seeded(['reputation'])).findings[0]!;
    expect(f.routes.sort()).toEqual(['sipline', 'telco-east', 'telco-west']);
    expect(f.summary).toMatch(/on 3 of 4 routes/);
    expect(f.reasons?.some((r) => r.code === 603 && r.reason === 'Network Blocked')).toBe(true);
    expect(f.reasons?.some((r) => r.code === 608)).toBe(true);
    expect(f.rate).toBeGreaterThan(0.2);
    expect(f.baseline_rate).toBeLessThan(0.02);
  });

  it('carrier policy names its one route; velocity names the busy hours', () => {
    expect(lastDay(seeded(['carrier_policy'])).findings[0]!.routes).toEqual(['telco-west']);
    const v = lastDay(seeded(['velocity'])).findings[0]!;
    expect(v.summary).toContain('15:00-18:00');
    expect(v.began).toBe('2026-11-20T15:00:00.000Z');
  });

  it('destination policy carries the region label', () => {
    const f = lastDay(seeded(['destination_policy'])).findings[0]!;
    expect(f.label).toBe('Jamaica');
    expect(f.routes.length).toBeGreaterThanOrEqual(2);
  });
});

describe('mixed days and quiet days', () => {
  it('finds every default pattern on one day, ordered by refusals', () => {
    const r = lastDay(seeded([...DEFAULT_PLANTS], { callsPerDay: 6000 }));
    const got = r.findings.map((f) => `${f.verdict}:${f.kind}:${f.subject}`).sort();
    const want = DEFAULT_PLANTS.map(truthOf)
      .map((t) => `${t.verdict}:${t.kind}:${t.subject}`)
      .sort();
    expect(got).toEqual(want);
    const blocked = r.findings.map((f) => f.blocked);
    expect(blocked).toEqual([...blocked].sort((a, b) => b - a));
  });

  it('reputation and carrier policy side by side with a broken route', () => {
    const r = lastDay(seeded(['route_config', 'reputation', 'carrier_policy']));
    expect(r.findings.map((f) => f.verdict).sort()).toEqual(['carrier_policy', 'configuration', 'reputation']);
  });

  for (const seed of [1, 2, 3]) {
    it(`a day of ordinary background noise yields no findings (seed ${seed})`, () => {
      const r = lastDay(seeded([], { seed, callsPerDay: 8000 }));
      expect(r.totals.blocked).toBeGreaterThan(0);
      expect(r.findings).toEqual([]);
    });
  }

  it('seven days show every pattern the last day and the last 48 hours show, with the same figures', () => {
    const ctx = seeded([...DEFAULT_PLANTS], { callsPerDay: 6000 });
    const over = (days: number) =>
      analyze(ctx.db, { from: new Date(END.getTime() - days * 86_400_000), to: END, reasons: false });
    // The patterns are judged on the hours since they began, so their figures do not change with
    // the window; "too few to tell" is about the window's calls, so only its verdict must stay.
    const brief = (r: ReturnType<typeof analyze>) =>
      r.findings
        .map(
          (f) =>
            `${f.verdict}:${f.kind}:${f.subject}${f.verdict === 'insufficient_data' ? '' : `:${f.blocked}/${f.calls}`}`,
        )
        .sort();
    const day = brief(over(1));
    expect(day).toHaveLength(DEFAULT_PLANTS.length);
    expect(brief(over(2))).toEqual(day);
    expect(brief(over(7))).toEqual(day);
  });

  it('the days before a planted day are quiet too (the baseline days)', () => {
    const ctx = seeded([...DEFAULT_PLANTS]);
    const r = analyze(ctx.db, { from: new Date('2026-11-19T00:00:00Z'), to: DAY_FROM });
    expect(r.findings).toEqual([]);
  });

  it('a low-volume number mostly refused gets insufficient_data and no other verdict', () => {
    const r = lastDay(seeded(['insufficient_data']));
    const f = r.findings.filter((x) => x.subject === '+16175550199');
    expect(f.map((x) => x.verdict)).toEqual(['insufficient_data']);
    expect(f[0]!.calls).toBeLessThan(30);
    expect(f[0]!.blocked / f[0]!.calls).toBeGreaterThanOrEqual(0.5);
  });

  it('an empty database gives zero totals and no findings', () => {
    const r = analyze(testCtx().db, { from: DAY_FROM, to: END });
    expect(r.totals).toEqual({ calls: 0, blocked: 0, rate: 0, baseline_rate: 0 });
    expect(r.findings).toEqual([]);
  });
});

describe('ongoing patterns and filters', () => {
  it('a pattern running for three days is dated from its first day and its baseline shows it', () => {
    const ctx = testCtx();
    generateDemo(ctx.db, { days: 8, callsPerDay: 4000, end: END, seed: 7, plant: ['reputation'], plantDays: 3 });
    const f = lastDay(ctx).findings[0]!;
    expect(f.verdict).toBe('reputation');
    expect(f.began).toBe('2026-11-18T00:00:00.000Z');
    expect(f.baseline_rate).toBeGreaterThan(0.05);
  });

  it('--number keeps the findings about that number and its totals', () => {
    const ctx = seeded([...DEFAULT_PLANTS]);
    const r = analyze(ctx.db, { from: DAY_FROM, to: END, number: '+13125550147' });
    expect(r.findings.find((f) => f.kind === 'number')?.subject).toBe('+13125550147');
    expect(r.findings.every((f) => f.kind !== 'number' || f.subject === '+13125550147')).toBe(true);
    const all = analyze(ctx.db, { from: DAY_FROM, to: END });
    expect(r.totals.calls).toBeLessThan(all.totals.calls / 5);
  });

  it('--route keeps findings on that route', () => {
    const ctx = seeded(['route_config', 'carrier_policy']);
    const r = analyze(ctx.db, { from: DAY_FROM, to: END, route: 'telco-west' });
    expect(r.findings.map((f) => f.subject)).toEqual(['+13125550147']);
  });
});
