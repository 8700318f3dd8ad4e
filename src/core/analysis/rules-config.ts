import type { Span, Slice } from './cube.js';
import { num, pct, rate } from './stats.js';
import { minus, total, type Tally } from './tally.js';
import { elevated, refusedOn } from './test-rate.js';
import { spanText, type Draft, type Scope } from './draft.js';

/** Every route refuses nearly everything: the account (credentials, balance, suspension), not a route. */
export function accountRule(s: Scope, slice: Slice, span?: Span): Draft | null {
  const th = s.th;
  const all = slice.total();
  if (all.calls < th.min_calls || rate(all.blocked, all.calls) < th.account_config.min_rate) return null;
  const routes = slice.tally('route');
  const judged = [...routes].filter(([, t]) => t.calls >= th.min_calls);
  if (judged.length === 0 || judged.some(([, t]) => rate(t.blocked, t.calls) < th.account_config.route_min_rate))
    return null;
  return {
    kind: 'account',
    subject: '*',
    verdict: 'configuration',
    calls: all.calls,
    blocked: all.blocked,
    routes: [...routes.keys()].sort(),
    summary: `All traffic${spanText(s, span)}: ${num(all.blocked)} of ${num(all.calls)} calls refused (${pct(rate(all.blocked, all.calls))}) on ${judged.length} of ${judged.length} routes (each ${judged.map(([r, t]) => `${r} ${pct(rate(t.blocked, t.calls))}`).join(', ')})`,
    evidence: { by_route: Object.fromEntries(judged) },
    ...(span ? { span } : {}),
  };
}

/** The other routes' calls, leaving out `route` and every route already judged broken. */
function peersOf(slice: Slice, route: string, bad: ReadonlySet<string>): Tally {
  return total([...slice.tally('route')].filter(([r]) => r !== route && !bad.has(r)).map(([, t]) => t));
}

/**
 * A route refuses most calls from most numbers while the other routes carry the same numbers:
 * the route's configuration (allow-list, credentials, caller-ID rules), not the numbers.
 */
export function judgeRoute(s: Scope, route: string, slice: Slice, bad: ReadonlySet<string>, span?: Span): Draft | null {
  const th = s.th;
  const rt = slice.tally('route').get(route);
  if (!rt || rate(rt.blocked, rt.calls) < th.route_config.min_rate) return null;
  const peers = peersOf(slice, route, bad);
  if (!elevated(rt, Math.max(rate(peers.blocked, peers.calls), s.baselineRate), th)) return null;
  const numbers = [...slice.tally('caller_route')].filter(
    ([k, t]) => k.endsWith(`\u0000${route}`) && t.calls >= th.min_pair_calls,
  );
  const refused = numbers.filter(([, t]) => rate(t.blocked, t.calls) >= th.route_config.min_rate);
  if (numbers.length === 0 || refused.length / numbers.length < th.route_config.min_number_share) return null;
  // The same numbers on the other working routes.
  const callers = new Set(numbers.map(([k]) => k.split('\u0000')[0]));
  const elsewhere = total(slice.cells.filter((c) => c.route !== route && !bad.has(c.route) && callers.has(c.caller)));
  if (elsewhere.calls < th.min_calls) return null;
  const elsewhereRate = rate(elsewhere.blocked, elsewhere.calls);
  if (elsewhereRate > rate(rt.blocked, rt.calls) * th.route_config.other_routes_max_ratio) return null;
  return {
    kind: 'route',
    subject: route,
    verdict: 'configuration',
    calls: rt.calls,
    blocked: rt.blocked,
    routes: [route],
    summary: `${route}${spanText(s, span)}: ${num(rt.blocked)} of ${num(rt.calls)} calls refused (${pct(rate(rt.blocked, rt.calls))}); ${refused.length} of ${numbers.length} numbers refused mostly there; the same numbers ${pct(elsewhereRate)} on other routes`,
    evidence: {
      numbers_refused: refused.length,
      numbers_carried: numbers.length,
      same_numbers_other_routes: elsewhere,
      other_routes: peers,
    },
    ...(span ? { span } : {}),
  };
}

/**
 * A route that refuses calls into some destinations only (its international or area permission
 * dropped): refused there against both its own other destinations and the other routes' calls
 * into the same destination, from more than one number, and holding most of the route's refusals.
 */
export function narrowRoute(
  s: Scope,
  route: string,
  slice: Slice,
  bad: ReadonlySet<string>,
  span?: Span,
): Draft | null {
  const th = s.th;
  const rt = slice.tally('route').get(route);
  if (!rt || rt.blocked < th.min_blocked) return null;
  const mine = slice.of('route', route);
  const byRegion = new Map<string, Tally>();
  for (const c of mine) {
    const t = byRegion.get(c.region) ?? { calls: 0, blocked: 0 };
    t.calls += c.calls;
    t.blocked += c.blocked;
    byRegion.set(c.region, t);
  }
  const regionTotals = slice.tally('route_region');
  const refused: Array<[string, Tally]> = [];
  for (const [region, t] of byRegion) {
    if (rate(t.blocked, t.calls) < th.route_config.min_rate) continue;
    const ownRest = minus(rt, t);
    let others = { calls: 0, blocked: 0 };
    for (const [k, x] of regionTotals) {
      const [r, g] = k.split('\u0000');
      if (g === region && r !== route && !bad.has(r!))
        others = { calls: others.calls + x.calls, blocked: others.blocked + x.blocked };
    }
    // Other routes must carry the destination: otherwise the destination, not the route, may bar it.
    if (others.calls < th.min_pair_calls) continue;
    const reference = Math.max(rate(ownRest.blocked, ownRest.calls), rate(others.blocked, others.calls));
    if (!elevated(t, reference, th)) continue;
    const numbers = new Set(mine.filter((c) => c.region === region && c.blocked > 0).map((c) => c.caller));
    if (numbers.size < 2) continue;
    refused.push([region, t]);
  }
  if (!refused.length) return null;
  const inRefused = total(refused.map(([, t]) => t));
  if (inRefused.blocked / rt.blocked < 0.5) return null;
  const rest = minus(rt, inRefused);
  if (refusedOn(rest, s.baselineRate, th) && rate(rest.blocked, rest.calls) >= th.route_config.min_rate) return null;
  const regions = refused.sort((a, b) => b[1].blocked - a[1].blocked).map(([g]) => g);
  const into = regions.join(', ');
  const otherRoutes = total(
    [...regionTotals]
      .filter(([k]) => {
        const [r, g] = k.split('\u0000');
        return regions.includes(g!) && r !== route && !bad.has(r!);
      })
      .map(([, t]) => t),
  );
  return {
    kind: 'route',
    subject: route,
    verdict: 'configuration',
    calls: inRefused.calls,
    blocked: inRefused.blocked,
    routes: [route],
    regions,
    summary: `${route}${spanText(s, span)}: ${num(inRefused.blocked)} of ${num(inRefused.calls)} calls into ${into} refused (${pct(rate(inRefused.blocked, inRefused.calls))}); its other destinations ${pct(rate(rest.blocked, rest.calls))}; other routes into ${into} ${pct(rate(otherRoutes.blocked, otherRoutes.calls))}`,
    evidence: { into_regions: inRefused, other_destinations: rest, other_routes_into_regions: otherRoutes },
    ...(span ? { span } : {}),
  };
}
