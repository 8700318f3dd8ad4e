import { rate } from '../analysis/stats.js';
import { elevated, refusedOn } from '../analysis/test-rate.js';
import type { Thresholds } from '../analysis/thresholds.js';
import type { Verdict } from '../analysis/types.js';

/** One day of the number: its tallies per route, and every other number's on those routes. */
export interface DayInput {
  day: number;
  routes: Map<string, { calls: number; blocked: number }>;
  others: Map<string, { calls: number; blocked: number }>;
  /** Every other number on every route that day: the reference rate. */
  othersAll: { calls: number; blocked: number };
}

/** What one day says: refused (with a verdict and the routes refusing), fine, or too quiet to tell. */
export type DayState =
  | { kind: 'refused'; verdict: Verdict; routes: string[] }
  | { kind: 'fine' }
  | { kind: 'quiet' };

export interface Episode {
  verdict: Verdict;
  began: number;
  /** The first day with enough calls that was no longer refused; null while it goes on. */
  recovered: number | null;
  routes: string[];
}

function sum(m: Map<string, { calls: number; blocked: number }>): { calls: number; blocked: number } {
  let calls = 0;
  let blocked = 0;
  for (const t of m.values()) {
    calls += t.calls;
    blocked += t.blocked;
  }
  return { calls, blocked };
}

/**
 * A day is judged with the digest's own test (test-rate.ts): the number is refused that day when
 * its rate passes `elevated` against every other number's rate. Then, as the verdicts read:
 * refused on two or more routes is reputation; on exactly one route that refuses other numbers
 * too, configuration (the route's problem, not the number's); on one route that carries other
 * numbers fine, carrier policy; refused no more than every other number on routes that refuse
 * half their calls, configuration too. A day below min_calls that does not pass is quiet: it neither
 * starts nor ends an episode (a number rested after a block has quiet days, not recovered ones).
 */
export function judgeDay(d: DayInput, th: Thresholds): DayState {
  const t = sum(d.routes);
  const reference = rate(d.othersAll.blocked, d.othersAll.calls);
  if (!elevated(t, reference, th)) {
    // Refused as much as every other number: the routes refuse everyone (configuration). Still an
    // episode of this number's card, or its refusals would read as a healthy number's.
    const bad = [...d.routes]
      .filter(([route, x]) => {
        const o = d.others.get(route);
        return x.blocked >= th.min_blocked && rate(x.blocked, x.calls) >= th.route_config.min_rate && o !== undefined && rate(o.blocked, o.calls) >= th.route_config.min_rate;
      })
      .map(([route]) => route)
      .sort();
    if (bad.length && elevated(t, 0, th)) return { kind: 'refused', verdict: 'configuration', routes: bad };
    return t.calls >= th.min_calls ? { kind: 'fine' } : { kind: 'quiet' };
  }
  const refusing = [...d.routes]
    .filter(([route, x]) => {
      const o = d.others.get(route);
      return refusedOn(x, o ? rate(o.blocked, o.calls) : 0, th) || (x.blocked >= th.min_blocked && rate(x.blocked, x.calls) >= th.route_config.min_rate);
    })
    .map(([route]) => route)
    .sort();
  const withRefusals = [...d.routes].filter(([, x]) => x.blocked > 0).map(([r]) => r).sort();
  const routes = refusing.length ? refusing : withRefusals;
  if (routes.length >= 2) return { kind: 'refused', verdict: 'reputation', routes };
  const only = routes[0] ?? '';
  const o = d.others.get(only);
  const routeBad = o !== undefined && elevated(o, reference, th) && rate(o.blocked, o.calls) >= th.route_config.min_rate;
  return { kind: 'refused', verdict: routeBad ? 'configuration' : 'carrier_policy', routes };
}

/** Runs of refused days, quiet days bridged, each with its commonest verdict and its routes. */
export function episodes(days: ReadonlyArray<{ day: number; state: DayState }>): Episode[] {
  const out: Episode[] = [];
  let cur: { began: number; counts: Map<Verdict, number>; routes: Set<string> } | null = null;
  const close = (recovered: number | null): void => {
    if (!cur) return;
    const verdict = [...cur.counts].sort((a, b) => b[1] - a[1])[0]![0];
    out.push({ verdict, began: cur.began, recovered, routes: [...cur.routes].sort() });
    cur = null;
  };
  for (const { day, state } of days) {
    if (state.kind === 'refused') {
      cur ??= { began: day, counts: new Map(), routes: new Set() };
      cur.counts.set(state.verdict, (cur.counts.get(state.verdict) ?? 0) + 1);
      for (const r of state.routes) cur.routes.add(r);
    } else if (state.kind === 'fine') close(day);
  }
  close(null);
  return out;
}
