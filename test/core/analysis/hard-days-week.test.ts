/**
 * The hard days of test/generators/hard-days after six clean days: found the same over the day
 * (now with a history) and over the seven days (a wider window hides nothing the day shows).
 * One seed here; the five seeds run on the day alone (hard-days.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/analyze.js';
import { insertCalls } from '../../../src/store/calls.js';
import { compareFindings, generateScenario, SCENARIO_NAMES } from '../../generators/hard-days/index.js';
import { testCtx } from '../../helpers/ctx.js';

const DAY = '2026-11-20';

/** The same day after six clean days, judged over the seven days: a wider window hides nothing the day shows. */
function weekProblems(name: string, seed: number): string[] {
  const g = generateScenario(name, { seed, day: DAY, historyDays: 6 });
  const ctx = testCtx();
  insertCalls(ctx.db, g.calls);
  const to = new Date(g.period.to);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  const day = analyze(ctx.db, { from: new Date(g.period.from), to, timeZone: g.period.timeZone, reasons: false });
  const week = analyze(ctx.db, { from, to, timeZone: g.period.timeZone, reasons: false });
  ctx.db.close();
  // Two-hour buckets over a week: began/recovered within two hours.
  return [
    ...compareFindings(g, day.findings).map((p) => `${name} seed ${seed}, day after history: ${p}`),
    ...compareFindings(g, week.findings, { timeToleranceMs: 2 * 3_600_000 }).map(
      (p) => `${name} seed ${seed}, 7 days: ${p}`,
    ),
  ];
}

describe.each(SCENARIO_NAMES)('hard day %s after a clean week', (name) => {
  it.each([1])('is found the same over the day and over the seven days (seed %i)', (seed) => {
    expect(weekProblems(name, seed)).toEqual([]);
  });
});
