import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/analyze.js';
import { insertCalls } from '../../../src/store/calls.js';
import { testCtx } from '../../helpers/ctx.js';
import { numbers, traffic, type TrafficSpec } from './traffic.js';

const END = '2026-11-21T00:00:00Z';
const DAY_FROM = new Date('2026-11-20T00:00:00Z');
const ROUTES = ['east', 'west', 'north', 'south'];
const REGIONS = ['212', '312', '415', '512', '617', '713'];

function db(spec: Partial<TrafficSpec>) {
  const ctx = testCtx();
  insertCalls(
    ctx.db,
    traffic({
      seed: 1,
      end: END,
      days: 8,
      callsPerDay: 4000,
      numbers: numbers(16),
      routes: ROUTES,
      regions: REGIONS,
      noise: 0.004,
      ...spec,
    }),
  );
  return ctx;
}

const day = (ctx: ReturnType<typeof testCtx>, o: { from?: Date } = {}) =>
  analyze(ctx.db, { from: o.from ?? DAY_FROM, to: new Date(END), reasons: false });
const brief = (r: ReturnType<typeof analyze>) => r.findings.map((f) => `${f.verdict}:${f.kind}:${f.subject}`);

describe('time: a pattern that starts or stops inside the window', () => {
  it('a route broken from 14:00 is a configuration finding that began at 14:00, over a day and over a week', () => {
    const ctx = db({ refuse: (c) => (c.day === 7 && c.hour >= 14 && c.route === 'north' ? 0.96 : undefined) });
    const r = day(ctx);
    expect(brief(r)).toEqual(['configuration:route:north']);
    expect(r.findings[0]!.began).toBe('2026-11-20T14:00:00.000Z');
    expect(r.findings[0]!.recovered).toBeUndefined();
    expect(r.findings[0]!.rate).toBeGreaterThan(0.9);
    const week = day(ctx, { from: new Date('2026-11-14T00:00:00Z') });
    expect(brief(week)).toEqual(['configuration:route:north']);
    expect(week.findings[0]!.began).toBe('2026-11-20T14:00:00.000Z');
  });

  it('a route broken 09:00-12:00 carries began and recovered', () => {
    const ctx = db({
      refuse: (c) => (c.day === 7 && c.hour >= 9 && c.hour < 12 && c.route === 'west' ? 0.95 : undefined),
    });
    const r = day(ctx);
    expect(brief(r)).toEqual(['configuration:route:west']);
    expect(r.findings[0]).toMatchObject({ began: '2026-11-20T09:00:00.000Z', recovered: '2026-11-20T12:00:00.000Z' });
  });
});

describe('nothing elevated is hidden', () => {
  it('a first day with 14% refused everywhere is unexplained, with no history yet', () => {
    const ctx = db({ days: 1, noise: 0.14 });
    const r = day(ctx);
    expect(brief(r)).toEqual(['unexplained:account:*']);
    expect(r.findings[0]!.summary).toContain('no history yet');
    expect(r.findings[0]!.summary).not.toContain('baseline 0%');
  });

  it('a first day with 2% refused everywhere is quiet', () => {
    expect(brief(day(db({ days: 1, noise: 0.02 })))).toEqual([]);
  });

  it('a week of 2% noise is quiet too', () => {
    expect(brief(day(db({ noise: 0.02 })))).toEqual([]);
  });

  it('every call into one area code, refused from every number: never "other destinations 0%"', () => {
    const ctx = db({ regions: ['512'], refuse: (c) => (c.day === 7 ? 0.3 : undefined) });
    const r = day(ctx);
    expect(brief(r)).toEqual(['unexplained:account:*']);
    expect(JSON.stringify(r)).not.toContain('other destinations');
  });
});

describe('references without the suspects', () => {
  it('five of sixteen numbers refused on every route are five reputation findings', () => {
    const bad = numbers(16).slice(0, 5);
    const ctx = db({ refuse: (c) => (c.day === 7 && bad.includes(c.caller) ? 0.35 : undefined) });
    const r = day(ctx);
    expect(brief(r).sort()).toEqual(bad.map((n) => `reputation:number:${n}`).sort());
  });

  it('a number carrying 70% of every route is judged against the other numbers', () => {
    const all = numbers(10);
    const big = all[0]!;
    const ctx = db({
      numbers: all,
      caller: (rng) => (rng() < 0.7 ? big : all[1 + Math.floor(rng() * 9)]!),
      refuse: (c) => (c.day === 7 && c.caller === big ? 0.3 : undefined),
    });
    expect(brief(day(ctx))).toEqual([`reputation:number:${big}`]);
  });
});

describe('two subjects at once', () => {
  it('a route that refuses only calls into GB is a route finding narrowed to GB', () => {
    const ctx = db({
      regions: [...REGIONS, 'GB'],
      refuse: (c) => (c.day === 7 && c.route === 'east' && c.region === 'GB' ? 0.95 : undefined),
    });
    const r = day(ctx);
    expect(brief(r)).toEqual(['configuration:route:east']);
    expect(r.findings[0]!.regions).toEqual(['GB']);
  });

  it('a barred area code is told apart from the local-presence number that calls it most', () => {
    const all = numbers(12);
    const local = all[0]!;
    const ctx = db({
      numbers: all,
      region: (caller, rng) =>
        caller === local
          ? rng() < 0.8
            ? '512'
            : REGIONS[Math.floor(rng() * 4)]!
          : rng() < 0.05
            ? '512'
            : REGIONS[Math.floor(rng() * 4)]!,
      refuse: (c) => (c.day === 7 && c.region === '512' ? 0.9 : undefined),
    });
    expect(brief(day(ctx))).toEqual(['destination_policy:region:512']);
  });

  it('a destination too small for a verdict but mostly refused is reported as insufficient data, not hidden', () => {
    const ctx = db({
      region: (_caller, rng) => (rng() < 0.005 ? '876' : REGIONS[Math.floor(rng() * REGIONS.length)]!),
      refuse: (c) => (c.day === 7 && c.region === '876' ? 0.95 : undefined),
    });
    const r = day(ctx);
    expect(brief(r)).toEqual(['insufficient_data:region:876']);
    expect(r.findings[0]!.calls).toBeLessThan(30);
  });
});
