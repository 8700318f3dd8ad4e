/**
 * When did a subject's refusals change? The one interval of its hourly series whose refusal rate
 * differs most from the rest, by a binomial likelihood ratio (a two-change-point segmentation:
 * before, during, after). Chosen over per-hour thresholds because it needs no per-hour minimum:
 * a route broken from 14:00 shows as one interval whatever each hour's volume, and a pattern
 * that stops gives its recovery in the same search.
 */
import type { Series, Span } from './cube.js';
import { wilson } from './stats.js';
import type { Thresholds } from './thresholds.js';

function ll(k: number, n: number): number {
  if (n <= 0) return 0;
  let v = 0;
  if (k > 0) v += k * Math.log(k / n);
  if (n - k > 0) v += (n - k) * Math.log((n - k) / n);
  return v;
}

export interface Change extends Span {
  /** Log-likelihood ratio of the interval against one rate for the whole window. */
  llr: number;
  inside: { calls: number; blocked: number };
  outside: { calls: number; blocked: number };
}

/**
 * The interval [start, end) of buckets refused more than the rest of the window, when it is a
 * clear change (log-likelihood ratio >= change.min_llr and change.min_ratio x the rest's rate);
 * null when the rate is flat, or the interval is the whole window.
 */
export function refusalChange(
  s: Series,
  th: Pick<Thresholds, 'change' | 'min_blocked' | 'min_calls' | 'z'>,
): Change | null {
  const B = s.calls.length;
  const cn = new Float64Array(B + 1);
  const ck = new Float64Array(B + 1);
  for (let b = 0; b < B; b++) {
    cn[b + 1] = cn[b]! + s.calls[b]!;
    ck[b + 1] = ck[b]! + s.blocked[b]!;
  }
  const N = cn[B]!;
  const K = ck[B]!;
  if (K < th.min_blocked || N === 0) return null;
  const all = ll(K, N);
  let best: Change | null = null;
  for (let a = 0; a < B; a++) {
    if (s.calls[a] === 0) continue; // an interval starts and ends on buckets with calls
    for (let e = a + 1; e <= B; e++) {
      if (s.calls[e - 1] === 0) continue;
      if (a === 0 && e === B) continue;
      const n = cn[e]! - cn[a]!;
      const k = ck[e]! - ck[a]!;
      const on = N - n;
      const ok = K - k;
      if (k < th.min_blocked || on <= 0) continue;
      if (k / n < th.change.min_ratio * (ok / on)) continue;
      const llr = ll(k, n) + ll(ok, on) - all;
      if (!best || llr > best.llr)
        best = { start: a, end: e, llr, inside: { calls: n, blocked: k }, outside: { calls: on, blocked: ok } };
    }
  }
  if (!best || best.llr < th.change.min_llr) return null;
  // Recovered only when the calls after it show it: enough of them, and clearly refused less (the
  // upper bound of their rate under the interval's over change.min_ratio). A few quiet night calls
  // after a pattern that runs to the end of the day are not a recovery.
  const afterCalls = cn[B]! - cn[best.end]!;
  const afterBlocked = ck[B]! - ck[best.end]!;
  const insideRate = best.inside.blocked / best.inside.calls;
  if (afterCalls < th.min_calls || wilson(afterBlocked, afterCalls, th.z).hi >= insideRate / th.change.min_ratio)
    best.end = B;
  return best.start === 0 && best.end === B ? null : best;
}
