import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call.js';
import { countCalls, insertCalls } from '../../src/store/calls.js';
import { testCtx } from '../helpers/ctx.js';
import { consistent, refusals } from './hard-days/check.js';
import { SCENARIO_NAMES, VERDICTS, generateScenario, inSegment, type GeneratedScenario } from './hard-days/index.js';

const SEEDS = [1, 2, 3, 4, 5];
const DAY = '2026-11-20';

const cache = new Map<string, GeneratedScenario>();
function scenario(name: string, seed: number): GeneratedScenario {
  const key = `${name}/${seed}`;
  let g = cache.get(key);
  if (!g) cache.set(key, (g = generateScenario(name, { seed, day: DAY })));
  return g;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const QUARTER = 900_000;
const local = new Map<string, { date: string; hour: number }>();
/**
 * The local date and hour of an instant in a zone, read with Intl (not the generator's own clock
 * code). Looked up per quarter hour, the unit every zone's offset is a multiple of.
 */
function localDateHour(ms: number, timeZone: string): { date: string; hour: number } {
  const key = `${timeZone}/${Math.floor(ms / QUARTER)}`;
  let v = local.get(key);
  if (v) return v;
  let f = formats.get(timeZone);
  if (!f)
    formats.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      })),
    );
  const parts = f.formatToParts(Math.floor(ms / QUARTER) * QUARTER);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  v = { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
  local.set(key, v);
  return v;
}

describe.each(SCENARIO_NAMES)('%s', (name) => {
  it('is the same for a seed and different for another', () => {
    const digest = (seed: number): string =>
      createHash('sha256')
        .update(JSON.stringify(generateScenario(name, { seed, day: DAY, volume: 0.25 })))
        .digest('hex');
    expect(digest(3)).toBe(digest(3));
    expect(digest(3)).not.toBe(digest(4));
  });

  it.each(SEEDS)('puts every call inside its period and most in local business hours (seed %i)', (seed) => {
    const g = scenario(name, seed);
    const from = Date.parse(g.period.from);
    const to = Date.parse(g.period.to);
    expect(localDateHour(from, g.period.timeZone).hour).toBe(0);
    expect(localDateHour(to, g.period.timeZone)).toMatchObject({ hour: 0 });
    expect(localDateHour(to - 1, g.period.timeZone).date).toBe(DAY);
    const firstDay = localDateHour(from, g.period.timeZone).date;
    let business = 0;
    const outside: string[] = [];
    for (const c of g.calls) {
      const at = localDateHour(c.startMs, g.period.timeZone);
      if (c.startMs < from || c.startMs >= to || at.date < firstDay || at.date > DAY)
        outside.push(`${c.callId} at ${new Date(c.startMs).toISOString()}`);
      if (at.hour >= 8 && at.hour < 20) business++;
    }
    expect(outside).toEqual([]);
    expect(business / g.calls.length).toBeGreaterThan(0.85);
    expect(g.calls.map((c) => c.startMs)).toEqual(g.calls.map((c) => c.startMs).sort((a, b) => a - b));
  });

  it.each(SEEDS)('refuses each planted segment at its planted rate (seed %i)', (seed) => {
    const g = scenario(name, seed);
    for (const p of g.planted) {
      expect(VERDICTS).toContain(p.verdict);
      expect(g.quiet).not.toContain(p.subject);
      const seg = g.calls.filter((c) => inSegment(p.segment, c));
      const r = refusals(seg);
      expect(r.calls, `${p.subject} has calls in its segment`).toBeGreaterThanOrEqual(
        p.verdict === 'insufficient_data' ? 3 : 80,
      );
      const expected = p.rate + (1 - p.rate) * g.noise;
      expect(
        consistent(r.blocked, r.calls, expected),
        `${p.kind} ${p.subject}: ${r.blocked} of ${r.calls}, planted ${expected.toFixed(3)}`,
      ).toBe(true);
    }
  });

  it.each(SEEDS)('keeps every quiet subject at noise level outside the planted segments (seed %i)', (seed) => {
    const g = scenario(name, seed);
    const outside = new Map<string, CallRecord[]>();
    const add = (subject: string, c: CallRecord): void => {
      const list = outside.get(subject);
      if (list) list.push(c);
      else outside.set(subject, [c]);
    };
    for (const c of g.calls) {
      if (g.planted.some((p) => inSegment(p.segment, c))) continue;
      for (const subject of ['*', c.caller, c.route, c.calleeRegion]) add(subject, c);
    }
    const loud = g.quiet
      .map((subject) => ({ subject, ...refusals(outside.get(subject) ?? []) }))
      .filter((r) => !consistent(r.blocked, r.calls, g.noise, { atMost: true }));
    expect(loud, `noise ${g.noise.toFixed(4)}`).toEqual([]);
    // Every subject in the data is either planted or quiet: nothing is left to taste.
    const all = new Set(['*', ...g.calls.flatMap((c) => [c.caller, c.route, c.calleeRegion])]);
    expect(new Set([...g.quiet, ...g.planted.map((p) => p.subject)])).toEqual(all);
  });

  it('stores through insertCalls with every call kept', () => {
    const ctx = testCtx();
    const calls: CallRecord[] = scenario(name, 1).calls;
    expect(insertCalls(ctx.db, calls)).toEqual({ stored: calls.length, duplicates: 0 });
    expect(countCalls(ctx.db)).toBe(calls.length);
  });
});

describe('the day follows the zone', () => {
  it('moves the day and its plants with timeZone', () => {
    const g = generateScenario('route-broken-midday', { seed: 1, day: DAY, timeZone: 'Asia/Kolkata' });
    expect(g.period).toEqual({
      from: '2026-11-19T18:30:00.000Z',
      to: '2026-11-20T18:30:00.000Z',
      timeZone: 'Asia/Kolkata',
    });
    expect(g.planted[0]!.began).toBe('2026-11-20T08:30:00.000Z');
    expect(g.calls.every((c) => c.startMs >= Date.parse(g.period.from) && c.startMs < Date.parse(g.period.to))).toBe(
      true,
    );
  });

  it.each([
    ['2026-11-01', 25],
    ['2026-03-08', 23],
  ])('fills a DST-change day in Los Angeles (%s: %i hours)', (day, hours) => {
    const g = generateScenario('quiet-2pct-la', { seed: 2, day });
    const from = Date.parse(g.period.from);
    const to = Date.parse(g.period.to);
    expect((to - from) / 3_600_000).toBe(hours);
    expect(g.calls.every((c) => c.startMs >= from && c.startMs < to)).toBe(true);
    expect(localDateHour(from, g.period.timeZone)).toEqual({ date: day, hour: 0 });
  });

  it('scales with volume', () => {
    const n = generateScenario('quiet-2pct', { seed: 1, day: DAY, volume: 0.5 }).calls.length;
    expect(n).toBe(Math.round(scenario('quiet-2pct', 1).calls.length / 2));
  });
});

describe('history before the day', () => {
  it.each(SEEDS)('adds clean days before the day and keeps the period (seed %i)', (seed) => {
    const g = generateScenario('route-broken-midday', { seed, day: DAY, historyDays: 6 });
    expect(g.period).toEqual(scenario('route-broken-midday', seed).period);
    const before = g.calls.filter((c) => c.startMs < Date.parse(g.period.from));
    expect(before.length).toBeGreaterThan(5 * 5000);
    expect(Math.min(...before.map((c) => c.startMs))).toBeGreaterThanOrEqual(Date.parse('2026-11-14T00:00:00Z'));
    const r = refusals(before);
    expect(consistent(r.blocked, r.calls, g.noise), `${r.blocked} of ${r.calls}`).toBe(true);
    expect(g.planted.every((p) => p.segment.fromMs! >= Date.parse(g.period.from))).toBe(true);
  });

  it('says "no history yet" only on a first day, and a first-day scenario stays one', () => {
    expect(generateScenario('one-area-code', { seed: 1, day: DAY }).planted[0]!.says).toBe('no history yet');
    expect(generateScenario('one-area-code', { seed: 1, day: DAY, historyDays: 3 }).planted[0]!.says).toBeUndefined();
    const first = generateScenario('uniform-14-first-day', { seed: 1, day: DAY, historyDays: 3 });
    expect(first.calls.every((c) => c.startMs >= Date.parse(first.period.from))).toBe(true);
    expect(first.planted[0]!.says).toBe('no history yet');
  });
});
