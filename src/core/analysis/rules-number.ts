import type { HourRow } from '../../store/analysis.js';
import { byBlocked, minus, tallyBy, total, type Tally } from './tally.js';
import { num, pct, rate, wilson } from './stats.js';
import { elevated, insufficient, refusedOn } from './test-rate.js';
import type { Draft, Scope } from './draft.js';

interface Busy {
  hours: number[];
  busy: Tally;
  other: Tally;
}

/** Splits a number's hours into its busy ones (at least a share of its peak hour) and the rest. */
function busyHours(rows: readonly HourRow[], share: number): Busy {
  const byHour = tallyBy(rows, (r) => String(r.hour));
  const peak = Math.max(0, ...[...byHour.values()].map((t) => t.calls));
  const hours = [...byHour].filter(([, t]) => t.calls >= peak * share).map(([h]) => Number(h)).sort((a, b) => a - b);
  const busy = total(hours.map((h) => byHour.get(String(h))!));
  return { hours, busy, other: minus(total(byHour.values()), busy) };
}

/** `15:00-18:00` for consecutive hours, else a list. */
function hourRange(hours: number[], label: (h: number) => string): string {
  const first = hours[0];
  const last = hours.at(-1);
  if (first === undefined || last === undefined) return '';
  if (last - first === hours.length - 1) return `${label(first)}-${label(last + 1)}`;
  return hours.map(label).join(', ');
}

function velocity(s: Scope, caller: string, t: Tally, rows: readonly HourRow[]): Draft | null {
  const th = s.th;
  const b = busyHours(rows, th.velocity.busy_hour_share_of_peak);
  if (b.other.calls < th.min_calls || b.busy.blocked < th.min_blocked) return null;
  const busyRate = rate(b.busy.blocked, b.busy.calls);
  const otherRate = rate(b.other.blocked, b.other.calls);
  if (wilson(b.busy.blocked, b.busy.calls, th.z).lo <= wilson(b.other.blocked, b.other.calls, th.z).hi) return null;
  if (busyRate < th.velocity.min_ratio * Math.max(otherRate, th.noise_floor)) return null;
  if (b.busy.blocked / t.blocked < th.velocity.min_blocked_share) return null;
  const perHour = Math.round(b.busy.calls / b.hours.length);
  const routes = byBlocked(tallyBy(rows, (r) => r.route)).filter(([, x]) => x.blocked > 0).map(([r]) => r);
  return {
    kind: 'number',
    subject: caller,
    verdict: 'velocity',
    calls: t.calls,
    blocked: t.blocked,
    routes,
    summary: `${caller}: ${num(b.busy.blocked)} of ${num(b.busy.calls)} calls refused (${pct(busyRate)}) in its ${b.hours.length} busiest hours (${hourRange(b.hours, s.hourLabel)}, ${num(perHour)} calls/h); ${num(b.other.blocked)} of ${num(b.other.calls)} (${pct(otherRate)}) in its other hours`,
    evidence: { busy_hours: b.hours.map(s.hourLabel), busy: b.busy, other_hours: b.other, calls_per_busy_hour: perHour },
    ...(b.hours[0] !== undefined ? { beganHour: b.hours[0] } : {}),
  };
}

/**
 * A number stands out when its refusals exceed what its routes explain: overall, against the rate
 * each of its routes shows for the other numbers (a route-standardised expectation), or on one
 * route against the other numbers there. A route that refuses everyone does not make every
 * number on it stand out.
 */
function standsOut(caller: string, t: Tally, pairs: Map<string, Tally>, routeTotals: Map<string, Tally>, s: Scope, includesSelf: boolean): boolean {
  let expected = 0;
  let pairHit = false;
  for (const [route, rt] of routeTotals) {
    const mine = pairs.get(`${caller}\u0000${route}`);
    if (!mine) continue;
    // The other numbers on the route; when the route carries little else, the route as a whole.
    const rest = includesSelf && rt.calls > mine.calls * 2 ? minus(rt, mine) : rt;
    const others = rate(rest.blocked, rest.calls);
    expected += mine.calls * others;
    if (elevated(mine, Math.max(others, s.baselineRate), s.th)) pairHit = true;
  }
  return pairHit || elevated(t, Math.max(t.calls ? expected / t.calls : 0, s.baselineRate), s.th);
}

/**
 * Per caller number: too little data; velocity (refusals in its busy hours); else by routes:
 * refused on two or more routes while others there are fine (reputation), or on exactly one
 * (carrier policy).
 */
export function numberRules(s: Scope): Draft[] {
  const th = s.th;
  const out: Draft[] = [];
  const callers = tallyBy(s.cells, (c) => c.caller);
  const pairs = tallyBy(s.cells, (c) => `${c.caller}\u0000${c.route}`);
  // Two passes: numbers that stand out against their routes are left out of the "other numbers"
  // each is finally compared with, so three bad numbers on one day do not hide one another.
  const candidates = new Set([...callers].filter(([c, t]) => standsOut(c, t, pairs, tallyBy(s.cells, (x) => x.route), s, true)).map(([c]) => c));
  const routeTotals = tallyBy(s.cells.filter((c) => !candidates.has(c.caller)), (c) => c.route);
  const hoursBy = new Map<string, HourRow[]>();
  for (const h of candidates.size ? s.hours([...candidates], []) : []) {
    const l = hoursBy.get(h.caller);
    if (l) l.push(h);
    else hoursBy.set(h.caller, [h]);
  }
  for (const [caller, t] of callers) {
    if (insufficient(t, th)) {
      out.push({
        kind: 'number', subject: caller, verdict: 'insufficient_data', calls: t.calls, blocked: t.blocked,
        routes: [...new Set(s.cells.filter((c) => c.caller === caller && c.blocked > 0).map((c) => c.route))].sort(),
        summary: `${caller}: ${num(t.blocked)} of ${num(t.calls)} calls refused; fewer than ${th.min_calls} calls, too few to tell`,
        evidence: { min_calls: th.min_calls },
      });
      continue;
    }
    if (!candidates.has(caller) || !standsOut(caller, t, pairs, routeTotals, s, false)) continue;
    const mine = s.cells.filter((c) => c.caller === caller);
    const hourRows = hoursBy.get(caller) ?? [];
    const firstHour = hourRows.filter((h) => h.blocked > 0).reduce((m, h) => Math.min(m, h.hour), Infinity);
    const began = Number.isFinite(firstHour) ? { beganHour: firstHour } : {};
    const v = velocity(s, caller, t, hourRows);
    if (v) {
      out.push(v);
      continue;
    }
    const regions = byBlocked(tallyBy(mine, (c) => c.region)).filter(([, x]) => x.blocked > 0).slice(0, 5).map(([r]) => r);
    const perRoute = [...tallyBy(mine, (c) => c.route)].map(([route, rt]) => {
      const on = routeTotals.get(route) ?? { calls: 0, blocked: 0 };
      const othersRate = rate(on.blocked, on.calls);
      return { route, ...rt, othersRate, refused: refusedOn(rt, Math.max(othersRate, s.baselineRate), th), fine: rt.calls >= th.min_pair_calls && !refusedOn(rt, Math.max(othersRate, s.baselineRate), th) };
    }).sort((a, b) => b.blocked - a.blocked || a.route.localeCompare(b.route));
    let refused = perRoute.filter((r) => r.refused);
    if (refused.length === 0) refused = perRoute.filter((r) => r.blocked > 0);
    const fine = perRoute.filter((r) => r.fine && !refused.includes(r));
    const evidence = { by_route: perRoute.map((r) => ({ route: r.route, calls: r.calls, blocked: r.blocked, others_rate: Math.round(r.othersRate * 10_000) / 10_000 })) };
    const onRoutes = refused.map((r) => `${r.route} ${pct(rate(r.blocked, r.calls))}`).join(', ');
    const othersOn = total(refused.map((r) => routeTotals.get(r.route) ?? { calls: 0, blocked: 0 }));
    if (refused.length >= 2) {
      out.push({
        kind: 'number', subject: caller, verdict: 'reputation', calls: t.calls, blocked: t.blocked, routes: refused.map((r) => r.route), regions,
        summary: `${caller}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}) on ${refused.length} of ${perRoute.length} routes (${onRoutes}); other numbers on those routes ${pct(rate(othersOn.blocked, othersOn.calls))}`,
        evidence, ...began,
      });
      continue;
    }
    const one = refused[0];
    if (!one) continue;
    const elsewhere = total(fine);
    const tail = fine.length
      ? `${num(elsewhere.blocked)} of ${num(elsewhere.calls)} (${pct(rate(elsewhere.blocked, elsewhere.calls))}) on its other ${fine.length === 1 ? 'route' : `${fine.length} routes`}`
      : `the only route it used, so carrier policy and reputation look alike until it is tried elsewhere`;
    out.push({
      kind: 'number', subject: caller, verdict: 'carrier_policy', calls: t.calls, blocked: t.blocked, routes: [one.route], regions,
      summary: `${caller}: ${num(one.blocked)} of ${num(one.calls)} calls on ${one.route} refused (${pct(rate(one.blocked, one.calls))}); ${tail}; other numbers on ${one.route} ${pct(one.othersRate)}`,
      evidence, ...began,
    });
  }
  return out;
}
