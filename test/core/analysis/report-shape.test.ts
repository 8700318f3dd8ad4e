import { describe, expect, it } from 'vitest';
import { analyze, analyzeWindow } from '../../../src/core/analysis/analyze.js';
import { wilson } from '../../../src/core/analysis/stats.js';
import { defaultThresholds, thresholdsSchema } from '../../../src/core/analysis/thresholds.js';
import { generateDemo } from '../../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../../src/core/demo/plants.js';
import { demoDay } from '../../../src/core/demo/generate.js';
import { baselineFromCalls, rollupByCaller, rollupByRegion } from '../../../src/store/analysis.js';
import { insertCalls } from '../../../src/store/calls.js';
import { testCtx } from '../../helpers/ctx.js';

const END = new Date('2026-11-21T00:00:00Z');
const FROM = new Date('2026-11-20T00:00:00Z');

describe('the patterns JSON has the documented shape', () => {
  const ctx = testCtx();
  generateDemo(ctx.db, { days: 8, callsPerDay: 4000, end: END, seed: 3, plant: [...DEFAULT_PLANTS] });
  const r = JSON.parse(JSON.stringify(analyze(ctx.db, { from: FROM, to: END }))) as Record<string, unknown>;

  it('has period, totals and findings with the documented keys and types', () => {
    expect(Object.keys(r)).toEqual(['period', 'totals', 'findings']);
    expect(r.period).toEqual({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z', timezone: 'UTC' });
    const t = r.totals as Record<string, number>;
    expect(Object.keys(t)).toEqual(['calls', 'blocked', 'rate', 'baseline_rate']);
    expect(t.rate).toBeCloseTo(t.blocked! / t.calls!, 4);
    const findings = r.findings as Array<Record<string, unknown>>;
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(Object.keys(f).slice(0, 11)).toEqual([
        'kind',
        'subject',
        'verdict',
        'calls',
        'blocked',
        'rate',
        'baseline_rate',
        'routes',
        'summary',
        'next_steps',
        ...Object.keys(f).slice(10, 11),
      ]);
      expect(['number', 'route', 'region', 'account']).toContain(f.kind);
      expect([
        'configuration',
        'reputation',
        'carrier_policy',
        'destination_policy',
        'velocity',
        'insufficient_data',
      ]).toContain(f.verdict);
      expect(typeof f.subject).toBe('string');
      expect(Number.isInteger(f.calls) && Number.isInteger(f.blocked)).toBe(true);
      expect(typeof f.rate).toBe('number');
      expect(typeof f.baseline_rate).toBe('number');
      expect(Array.isArray(f.routes)).toBe(true);
      expect(typeof f.summary).toBe('string');
      expect((f.next_steps as string[]).every((s) => typeof s === 'string')).toBe(true);
      if (f.kind === 'number') expect(f.subject).toMatch(/^\+\d{8,15}$/);
      if (f.kind === 'region') expect(f.subject).toMatch(/^(\d{3}|[A-Z]{2})$/);
    }
  });
});

describe('rollups', () => {
  it('stay exact as calls arrive: the baseline from rollups equals a scan of calls', () => {
    const ctx = testCtx();
    generateDemo(ctx.db, { days: 4, callsPerDay: 2000, end: END, seed: 5, plant: ['reputation'] });
    analyze(ctx.db, { from: FROM, to: END });
    // More calls for days already folded in, stored after the first analysis.
    const late = demoDay(Date.parse('2026-11-18T00:00:00Z'), {
      callsPerDay: 500,
      seed: 99,
      plants: new Set(['carrier_policy']),
      source: 'late',
    });
    insertCalls(ctx.db, late);
    const a = analyzeWindow(ctx.db, { from: FROM, to: END });
    expect(a.rollupFolded).toBe(late.length);
    const from = Date.parse('2026-11-17T00:00:00Z');
    const to = END.getTime();
    const key = (r: { day: number; key: string; route: string; calls: number; blocked: number }) =>
      `${r.day}|${r.key}|${r.route}|${r.calls}|${r.blocked}`;
    const scan = baselineFromCalls(ctx.db, from, to);
    expect(rollupByCaller(ctx.db, from, to).map(key).sort()).toEqual(scan.byCaller.map(key).sort());
    expect(rollupByRegion(ctx.db, from, to).map(key).sort()).toEqual(scan.byRegion.map(key).sort());
  });
});

describe('statistics', () => {
  it('Wilson interval: known values and edges', () => {
    const w = wilson(10, 100, 1.96);
    expect(w.lo).toBeCloseTo(0.0552, 3);
    expect(w.hi).toBeCloseTo(0.1744, 3);
    expect(wilson(0, 50, 1.96).lo).toBe(0);
    expect(wilson(50, 50, 1.96).hi).toBe(1);
    expect(wilson(0, 0, 1.96)).toEqual({ lo: 0, hi: 1 });
  });

  it('the thresholds file validates and explains every setting', () => {
    const t = defaultThresholds();
    expect(thresholdsSchema.parse(t)).toEqual(t);
    for (const k of Object.keys(t).filter((k) => k !== 'version' && k !== 'why')) expect(t.why[k], k).toBeTruthy();
  });

  it('stricter thresholds from configuration change the verdicts', () => {
    const ctx = testCtx();
    generateDemo(ctx.db, { days: 8, callsPerDay: 3000, end: END, seed: 3, plant: ['insufficient_data'] });
    const strict = { ...defaultThresholds(), insufficient: { min_blocked: 50, min_rate: 0.5 } };
    expect(analyze(ctx.db, { from: FROM, to: END }).findings).toHaveLength(1);
    expect(analyze(ctx.db, { from: FROM, to: END, thresholds: strict }).findings).toHaveLength(0);
  });
});
