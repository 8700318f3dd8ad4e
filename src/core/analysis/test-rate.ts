/**
 * The one statistical test of sipbot: is a slice of calls refused clearly more often than a
 * reference rate? Used by the analysis (every finding), the checklist's data answers and alerts,
 * with the thresholds of data/analysis-thresholds.json, so the three never disagree on what
 * "clearly more" means.
 */
import { rate, wilson, zForTail } from './stats.js';
import type { Tally } from './tally.js';
import type { Thresholds } from './thresholds.js';

/** The settings the test reads (a subset of Thresholds, so callers may pass their own). */
export type TestSettings = Pick<
  Thresholds,
  'z' | 'noise_floor' | 'min_ratio' | 'min_calls' | 'min_blocked' | 'min_rate'
>;

export interface Judgement {
  elevated: boolean;
  /** Why not, when not elevated: the first gate it failed. */
  because?: 'too_few_calls' | 'too_few_refusals' | 'rate_too_low' | 'not_above_reference';
  rate: number;
  /** Wilson interval of the rate at z. */
  lo: number;
  hi: number;
  /** The reference actually used: never below the noise floor. */
  reference: number;
}

/**
 * Elevated when the slice has enough calls and refusals, a rate worth acting on, and the LOWER
 * Wilson bound of its rate is above `min_ratio` x the reference (the reference never taken below
 * the noise floor). The lower bound makes small slices need a bigger gap; the ratio makes big
 * slices need a gap that matters, not just one that is significant.
 */
export function judge(t: Tally, reference: number, th: TestSettings): Judgement {
  const r = rate(t.blocked, t.calls);
  const w = wilson(t.blocked, t.calls, th.z);
  const ref = Math.max(Number.isFinite(reference) ? reference : 0, th.noise_floor);
  const base = { rate: r, lo: w.lo, hi: w.hi, reference: ref };
  if (t.calls < th.min_calls) return { ...base, elevated: false, because: 'too_few_calls' };
  if (t.blocked < th.min_blocked) return { ...base, elevated: false, because: 'too_few_refusals' };
  if (r < th.min_rate) return { ...base, elevated: false, because: 'rate_too_low' };
  if (w.lo <= ref * th.min_ratio) return { ...base, elevated: false, because: 'not_above_reference' };
  return { ...base, elevated: true };
}

export function elevated(t: Tally, reference: number, th: TestSettings): boolean {
  return judge(t, reference, th).elevated;
}

/**
 * The same test without the size gates, for one part of a subject already found elevated (a
 * number on one route, the other numbers into a region): is this part refused too?
 */
export function refusedOn(t: Tally, reference: number, th: TestSettings): boolean {
  return judge(t, reference, { ...th, min_calls: 1, min_blocked: 2 }).elevated;
}

/** Clearly NOT refused like `rate`: enough calls, and the upper bound of its rate under a third of it. */
export function clearlyBelow(t: Tally, r: number, th: TestSettings, minCalls: number): boolean {
  return t.calls >= minCalls && wilson(t.blocked, t.calls, th.z).hi < r / th.min_ratio;
}

/**
 * The test's z for a family of `tests` tests run together (every number of a 500-number account):
 * up to `family_tests` the configured z; beyond, Bonferroni, so the chance of one false finding
 * in the family stays what it is for `family_tests` tests at z.
 */
export function familyZ(th: Pick<Thresholds, 'z' | 'family_tests'>, tests: number): number {
  if (tests <= th.family_tests) return th.z;
  const tail = (1 - normalCdf(th.z)) * (th.family_tests / tests);
  return Math.max(th.z, zForTail(tail));
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf, error < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Too little traffic to judge, yet mostly refused: worth a line, not a verdict. */
export function insufficient(t: Tally, th: Thresholds): boolean {
  return (
    t.calls < th.min_calls &&
    t.blocked >= th.insufficient.min_blocked &&
    rate(t.blocked, t.calls) >= th.insufficient.min_rate
  );
}
