import type { Series, Span, Slice } from './cube.js';
import { byBlocked, minus, tallyBy, total, type Tally } from './tally.js';
import { num, pct, rate, wilson } from './stats.js';
import { clearlyBelow, elevated, insufficient, refusedOn } from './test-rate.js';
import { spanText, type Draft, type Scope } from './draft.js';

const ZERO: Tally = { calls: 0, blocked: 0 };

/** Per route, the calls of every number not in `leaveOut`: the peers numbers are compared with. */
export function peerTotals(slice: Slice, leaveOut: ReadonlySet<string>): Map<string, Tally> {
  return tallyBy(
    slice.cells.filter((c) => !leaveOut.has(c.caller)),
    (c) => c.route,
  );
}

/**
 * The numbers to leave out of the peers before the first pass: on some route, refused clearly more
 * than the median number there. The median is what a robust reference is: when five of sixteen
 * numbers (half the calls) are refused at once, the pooled route rate is theirs, the median is not.
 */
export function medianSuspects(s: Scope, slice: Slice): Set<string> {
  const byRoute = new Map<string, Array<[string, Tally]>>();
  for (const [k, t] of slice.tally('caller_route')) {
    if (t.calls < s.th.min_pair_calls) continue;
    const [caller = '', route = ''] = k.split('\u0000');
    const l = byRoute.get(route) ?? [];
    l.push([caller, t]);
    byRoute.set(route, l);
  }
  const out = new Set<string>();
  for (const pairs of byRoute.values()) {
    if (pairs.length < 3) continue;
    const rates = pairs.map(([, t]) => rate(t.blocked, t.calls)).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)]!;
    for (const [caller, t] of pairs) if (refusedOn(t, Math.max(median, s.baselineRate), s.th)) out.add(caller);
  }
  return out;
}

const allPeers = new WeakMap<Map<string, Tally>, number>();

/**
 * The other numbers on a route: the peers without this number; too few of them, and the account's
 * history stands in. Never below the other numbers' rate over every route: a route that happens
 * to be quieter than the rest that day does not make ordinary noise on it stand out.
 */
function peerRate(s: Scope, peers: Map<string, Tally>, route: string, mine: Tally, leftOut: boolean): number {
  let everywhere = allPeers.get(peers);
  if (everywhere === undefined) {
    const t = total(peers.values());
    everywhere = rate(t.blocked, t.calls);
    allPeers.set(peers, everywhere);
  }
  const p = peers.get(route) ?? ZERO;
  const others = leftOut ? p : minus(p, mine);
  return Math.max(others.calls >= s.th.min_calls ? rate(others.blocked, others.calls) : s.baselineRate, everywhere);
}

/**
 * A number stands out when its refusals exceed what its routes explain: overall, against the rate
 * each of its routes shows for the other numbers (a route-standardised expectation), or on one
 * route against the other numbers there. Never against itself: a number carrying most of a route
 * is compared with the rest of the route, or with the account's history when the rest is too thin.
 */
export function standsOut(
  s: Scope,
  caller: string,
  slice: Slice,
  peers: Map<string, Tally>,
  leftOut: boolean,
): boolean {
  const t = slice.tally('caller').get(caller);
  if (!t) return false;
  let expected = 0;
  for (const c of groupByRoute(slice, caller)) {
    const others = peerRate(s, peers, c.route, c, leftOut);
    expected += c.calls * others;
    if (elevated(c, Math.max(others, s.baselineRate), s.th)) return true;
  }
  return elevated(t, Math.max(t.calls ? expected / t.calls : 0, s.baselineRate), s.th);
}

function groupByRoute(slice: Slice, caller: string): Array<Tally & { route: string }> {
  return [...tallyBy(slice.of('caller', caller), (c) => c.route)].map(([route, t]) => ({ route, ...t }));
}

/** Splits a number's buckets into its busy ones (at least a share of its peak) and the rest. */
function busyBuckets(series: Series, share: number): { buckets: number[]; busy: Tally; other: Tally } {
  const peak = Math.max(0, ...series.calls);
  const buckets: number[] = [];
  const busy = { calls: 0, blocked: 0 };
  const all = { calls: 0, blocked: 0 };
  for (let b = 0; b < series.calls.length; b++) {
    all.calls += series.calls[b]!;
    all.blocked += series.blocked[b]!;
    if (series.calls[b]! > 0 && series.calls[b]! >= peak * share) {
      buckets.push(b);
      busy.calls += series.calls[b]!;
      busy.blocked += series.blocked[b]!;
    }
  }
  return { buckets, busy, other: minus(all, busy) };
}

/** `15:00-18:00` for consecutive buckets, else a list. */
function bucketRange(buckets: number[], label: (b: number) => string): string {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined) return '';
  if (last - first === buckets.length - 1) return `${label(first)}-${label(last + 1)}`;
  return buckets.map(label).join(', ');
}

/** Velocity: the number's refusals sit in its busy hours (whole window: busy against quiet). */
function velocity(s: Scope, caller: string, series: Series, routes: string[], offset: number): Draft | null {
  const th = s.th;
  const found = busyBuckets(series, th.velocity.busy_hour_share_of_peak);
  const b = { ...found, buckets: found.buckets.map((x) => x + offset) };
  const t = total([b.busy, b.other]);
  if (b.other.calls < th.min_calls || b.busy.blocked < th.min_blocked || t.blocked === 0) return null;
  const busyRate = rate(b.busy.blocked, b.busy.calls);
  const otherRate = rate(b.other.blocked, b.other.calls);
  if (wilson(b.busy.blocked, b.busy.calls, th.z).lo <= wilson(b.other.blocked, b.other.calls, th.z).hi) return null;
  if (busyRate < th.velocity.min_ratio * Math.max(otherRate, th.noise_floor)) return null;
  if (b.busy.blocked / t.blocked < th.velocity.min_blocked_share) return null;
  const perBucket = Math.round(b.busy.calls / b.buckets.length);
  return {
    kind: 'number',
    subject: caller,
    verdict: 'velocity',
    calls: t.calls,
    blocked: t.blocked,
    routes,
    summary: `${caller}: ${num(b.busy.blocked)} of ${num(b.busy.calls)} calls refused (${pct(busyRate)}) in its ${b.buckets.length} busiest hours (${bucketRange(b.buckets, s.bucketLabel)}, ${num(perBucket)} calls each); ${num(b.other.blocked)} of ${num(b.other.calls)} (${pct(otherRate)}) in its other hours`,
    evidence: {
      busy_hours: b.buckets.map(s.bucketLabel),
      busy: b.busy,
      other_hours: b.other,
      calls_per_busy_hour: perBucket,
    },
    // The busy hours are the pattern's span: it began with the first and stopped after the last.
    ...(b.buckets[0] !== undefined
      ? { beganBucket: b.buckets[0], span: { start: b.buckets[0], end: b.buckets.at(-1)! + 1 } }
      : {}),
  };
}

/** The destinations a number's refusals are confined to, when its other destinations clearly connect. */
function confinedTo(s: Scope, slice: Slice, caller: string, t: Tally): string[] | undefined {
  const regions = byBlocked(tallyBy(slice.of('caller', caller), (c) => c.region));
  const refused = regions.filter(
    ([, x]) =>
      x.blocked > 0 && refusedOn(x, s.baselineRate, s.th) && rate(x.blocked, x.calls) >= rate(t.blocked, t.calls),
  );
  if (!refused.length || refused.length > 3) return undefined;
  const inside = total(refused.map(([, x]) => x));
  const outside = minus(t, inside);
  if (
    inside.blocked / t.blocked < 0.8 ||
    !clearlyBelow(outside, rate(inside.blocked, inside.calls), s.th, s.th.min_calls)
  )
    return undefined;
  return refused.map(([g]) => g);
}

export function insufficientDraft(s: Scope, caller: string, slice: Slice): Draft | null {
  const t = slice.tally('caller').get(caller);
  if (!t || !insufficient(t, s.th)) return null;
  return {
    kind: 'number',
    subject: caller,
    verdict: 'insufficient_data',
    calls: t.calls,
    blocked: t.blocked,
    routes: [
      ...new Set(
        slice
          .of('caller', caller)
          .filter((c) => c.blocked > 0)
          .map((c) => c.route),
      ),
    ].sort(),
    summary: `${caller}: ${num(t.blocked)} of ${num(t.calls)} calls refused; fewer than ${s.th.min_calls} calls, too few to tell`,
    evidence: { min_calls: s.th.min_calls },
  };
}

/**
 * A number that stands out: velocity (refusals in its busy hours), else by routes: refused on two
 * or more routes while the other numbers there are fine (reputation), on exactly one (carrier
 * policy), or on none in particular (unexplained).
 */
export function judgeNumber(
  s: Scope,
  caller: string,
  slice: Slice,
  peers: Map<string, Tally>,
  hours: Series,
  span?: Span,
): Draft {
  const th = s.th;
  const t = slice.tally('caller').get(caller) ?? ZERO;
  const perRoute = groupByRoute(slice, caller)
    .map((r) => {
      const others = peerRate(s, peers, r.route, r, true);
      const ref = Math.max(others, s.baselineRate);
      const refused = refusedOn(r, ref, th);
      return { ...r, others, refused, fine: r.calls >= th.min_pair_calls && !refused };
    })
    .sort((a, b) => b.blocked - a.blocked || a.route.localeCompare(b.route));
  // Busy against quiet hours of the days the change happened on (all of them without a change):
  // over a week, another day's ordinary peak is not this day's burst.
  const perDay = Math.max(1, Math.round(s.buckets / s.days));
  const days = span
    ? {
        start: Math.floor(span.start / perDay) * perDay,
        end: Math.min(s.buckets, Math.ceil(span.end / perDay) * perDay),
      }
    : undefined;
  const v = velocity(
    s,
    caller,
    days
      ? { calls: hours.calls.slice(days.start, days.end), blocked: hours.blocked.slice(days.start, days.end) }
      : hours,
    perRoute.filter((r) => r.blocked > 0).map((r) => r.route),
    days?.start ?? 0,
  );
  if (v) return v;
  let refused = perRoute.filter((r) => r.refused);
  // Spread thin over several routes, no one route passes on its own: the routes at 2x their peers.
  if (refused.length === 0)
    refused = perRoute.filter(
      (r) => r.blocked >= 2 && rate(r.blocked, r.calls) >= 2 * Math.max(r.others, th.noise_floor),
    );
  // A route with too few calls to pass on its own, refused like the routes that did: refused too
  // (a number refused 55% on three routes, one of which carried only a dozen of its calls).
  if (refused.length) {
    const pooled = total(refused);
    const alike = perRoute.filter(
      (r) =>
        !refused.includes(r) && r.blocked >= 3 && rate(r.blocked, r.calls) >= 0.5 * rate(pooled.blocked, pooled.calls),
    );
    refused = [...refused, ...alike].sort((a, b) => b.blocked - a.blocked || a.route.localeCompare(b.route));
  }
  const fine = perRoute.filter((r) => r.fine && !refused.includes(r));
  const regions = confinedTo(s, slice, caller, t);
  const base = {
    kind: 'number' as const,
    subject: caller,
    calls: t.calls,
    blocked: t.blocked,
    ...(regions ? { regions } : {}),
    ...(span ? { span } : {}),
  };
  const evidence = {
    by_route: perRoute.map((r) => ({
      route: r.route,
      calls: r.calls,
      blocked: r.blocked,
      others_rate: Math.round(r.others * 10_000) / 10_000,
    })),
  };
  const when = spanText(s, span);
  const into = regions ? ` into ${regions.join(', ')}` : '';
  if (refused.length >= 2) {
    const on = refused.map((r) => `${r.route} ${pct(rate(r.blocked, r.calls))}`).join(', ');
    const othersOn = total(refused.map((r) => peers.get(r.route) ?? ZERO));
    return {
      ...base,
      verdict: 'reputation',
      routes: refused.map((r) => r.route),
      evidence,
      summary: `${caller}${when}: ${num(t.blocked)} of ${num(t.calls)} calls${into} refused (${pct(rate(t.blocked, t.calls))}) on ${refused.length} of ${perRoute.length} routes (${on}); other numbers on those routes ${pct(rate(othersOn.blocked, othersOn.calls))}`,
    };
  }
  const one = refused[0];
  if (!one) {
    return {
      ...base,
      verdict: 'unexplained',
      routes: perRoute.filter((r) => r.blocked > 0).map((r) => r.route),
      evidence,
      summary: `${caller}${when}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}), above the other numbers on its routes, but on no route in particular`,
    };
  }
  const elsewhere = total(fine);
  const tail = fine.length
    ? `${num(elsewhere.blocked)} of ${num(elsewhere.calls)} (${pct(rate(elsewhere.blocked, elsewhere.calls))}) on its other ${fine.length === 1 ? 'route' : `${fine.length} routes`}`
    : 'the only route it used, so carrier policy and reputation look alike until it is tried elsewhere';
  return {
    ...base,
    verdict: 'carrier_policy',
    routes: [one.route],
    evidence,
    summary: `${caller}${when}: ${num(one.blocked)} of ${num(one.calls)} calls on ${one.route}${into} refused (${pct(rate(one.blocked, one.calls))}); ${tail}; other numbers on ${one.route} ${pct(one.others)}`,
  };
}
