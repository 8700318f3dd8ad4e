import type { Tally } from '../analysis/tally.js';
import type { Thresholds } from '../analysis/thresholds.js';
import type { Finding, Verdict } from '../analysis/types.js';

/** What one local day says about the number: the analysis's verdict on it, fine, or too quiet to tell. */
export type DayState = { kind: 'refused'; verdict: Verdict; routes: string[] } | { kind: 'fine' } | { kind: 'quiet' };

export interface Episode {
  verdict: Verdict;
  /** Start of the first local day with this verdict, and its local date. */
  began: number;
  beganDate: string;
  /** Start of the first local day with enough calls that no longer had this verdict; null while it goes on. */
  recovered: number | null;
  recoveredDate: string | null;
  routes: string[];
}

/**
 * The number's state on one day, from the day's analysis run with the number filter (the
 * digest's own findings; the card has no verdict rules of its own). The number's own finding
 * comes first. Otherwise a finding about a route, region or the account that the number's
 * refusals are part of (configuration, destination policy, unexplained) is its verdict too, once
 * the number itself had min_blocked refusals: one refused call on a broken route is not an
 * episode of the number. insufficient_data is no verdict. A day without a verdict and below
 * min_calls is quiet: it neither starts nor ends an episode (a rested number is not recovered).
 */
export function dayState(number: string, findings: readonly Finding[], day: Tally, th: Thresholds): DayState {
  const judged = findings.filter((f) => f.verdict !== 'insufficient_data');
  const own = judged.find((f) => f.kind === 'number' && f.subject === number);
  const other = day.blocked >= th.min_blocked ? judged.find((f) => f.kind !== 'number') : undefined;
  const f = own ?? other;
  if (f) return { kind: 'refused', verdict: f.verdict, routes: [...f.routes].sort() };
  return day.calls >= th.min_calls ? { kind: 'fine' } : { kind: 'quiet' };
}

/**
 * Runs of consecutive days with the same verdict, quiet days bridged. A day with another verdict
 * ends the run and starts its own (the card says when the digest's verdict changed); a fine day
 * ends it as recovered.
 */
export function episodes(days: ReadonlyArray<{ day: number; date: string; state: DayState }>): Episode[] {
  const out: Episode[] = [];
  let cur: (Omit<Episode, 'recovered' | 'recoveredDate' | 'routes'> & { routes: Set<string> }) | null = null;
  const close = (at: { day: number; date: string } | null): void => {
    if (!cur) return;
    out.push({ ...cur, routes: [...cur.routes].sort(), recovered: at?.day ?? null, recoveredDate: at?.date ?? null });
    cur = null;
  };
  for (const d of days) {
    const s = d.state;
    if (s.kind === 'refused') {
      if (cur && cur.verdict !== s.verdict) close(d);
      cur ??= { verdict: s.verdict, began: d.day, beganDate: d.date, routes: new Set() };
      for (const r of s.routes) cur.routes.add(r);
    } else if (s.kind === 'fine') close(d);
  }
  close(null);
  return out;
}
