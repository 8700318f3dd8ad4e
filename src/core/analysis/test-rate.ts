import { rate, wilson } from './stats.js';
import type { Tally } from './tally.js';
import type { Thresholds } from './thresholds.js';

/**
 * The one test every finding passes: enough calls, enough refusals, a rate worth acting on, and the
 * lower Wilson bound of the subject's rate at least `min_ratio` times the reference rate.
 */
export function elevated(t: Tally, reference: number, th: Thresholds): boolean {
  if (t.calls < th.min_calls || t.blocked < th.min_blocked) return false;
  if (rate(t.blocked, t.calls) < th.min_rate) return false;
  return wilson(t.blocked, t.calls, th.z).lo > Math.max(reference, th.noise_floor) * th.min_ratio;
}

/** A looser per-route test for a number already found elevated: is it refused on this route? */
export function refusedOn(t: Tally, reference: number, th: Thresholds): boolean {
  if (t.blocked < 2 || rate(t.blocked, t.calls) < th.min_rate) return false;
  return wilson(t.blocked, t.calls, th.z).lo > Math.max(reference, th.noise_floor) * th.min_ratio;
}

/** Too little traffic to judge, yet mostly refused: worth a line, not a verdict. */
export function insufficient(t: Tally, th: Thresholds): boolean {
  return t.calls < th.min_calls && t.blocked >= th.insufficient.min_blocked && rate(t.blocked, t.calls) >= th.insufficient.min_rate;
}
