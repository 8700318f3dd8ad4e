/**
 * Every hard day of test/generators/hard-days (written apart from the analysis, from issue 11's
 * list) on five seeds, through the real analysis on real SQLite: each planted pattern found with
 * its verdict (and its routes, regions, began and recovered where planted), nothing else flagged.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/analyze.js';
import { insertCalls } from '../../../src/store/calls.js';
import { compareFindings, generateScenario, SCENARIO_NAMES } from '../../generators/hard-days/index.js';
import { testCtx } from '../../helpers/ctx.js';

const SEEDS = [1, 2, 3, 4, 5];
const DAY = '2026-11-20';

function problems(name: string, seed: number, historyDays = 0): string[] {
  const g = generateScenario(name, { seed, day: DAY, historyDays });
  const ctx = testCtx();
  insertCalls(ctx.db, g.calls);
  const r = analyze(ctx.db, {
    from: new Date(g.period.from),
    to: new Date(g.period.to),
    timeZone: g.period.timeZone,
    reasons: false,
  });
  ctx.db.close();
  return compareFindings(g, r.findings).map((p) => `${name} seed ${seed}: ${p}`);
}

describe.each(SCENARIO_NAMES)('hard day %s', (name) => {
  it.each(SEEDS)('finds what was planted and nothing else (seed %i)', (seed) => {
    expect(problems(name, seed)).toEqual([]);
  });
});
