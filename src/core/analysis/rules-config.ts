import { num, pct, rate } from './stats.js';
import { tallyBy, total } from './tally.js';
import { elevated } from './test-rate.js';
import type { Draft, Scope } from './draft.js';

/** Every route refuses nearly everything: the account (credentials, balance, suspension), not a route. */
export function accountRule(s: Scope): Draft | null {
  const th = s.th;
  const all = total(s.cells);
  if (all.calls < th.min_calls || rate(all.blocked, all.calls) < th.account_config.min_rate) return null;
  const routes = tallyBy(s.cells, (c) => c.route);
  const judged = [...routes].filter(([, t]) => t.calls >= th.min_calls);
  if (judged.length === 0 || judged.some(([, t]) => rate(t.blocked, t.calls) < th.account_config.route_min_rate)) return null;
  const names = [...routes.keys()].sort();
  return {
    kind: 'account',
    subject: '*',
    verdict: 'configuration',
    calls: all.calls,
    blocked: all.blocked,
    routes: names,
    summary: `All traffic: ${num(all.blocked)} of ${num(all.calls)} calls refused (${pct(rate(all.blocked, all.calls))}) on ${judged.length} of ${judged.length} routes (each ${judged.map(([r, t]) => `${r} ${pct(rate(t.blocked, t.calls))}`).join(', ')})`,
    evidence: { by_route: Object.fromEntries(judged.map(([r, t]) => [r, t])) },
  };
}

/**
 * A route refuses most calls from most numbers while the other routes carry the same numbers:
 * the route's configuration (allow-list, credentials, caller-ID rules), not the numbers.
 */
export function routeConfigRule(s: Scope): Draft[] {
  const th = s.th;
  const out: Draft[] = [];
  const routes = tallyBy(s.cells, (c) => c.route);
  const pairs = tallyBy(s.cells, (c) => `${c.caller}\u0000${c.route}`);
  for (const [route, rt] of routes) {
    if (rate(rt.blocked, rt.calls) < th.route_config.min_rate) continue;
    const others = total([...routes].filter(([r]) => r !== route).map(([, t]) => t));
    if (!elevated(rt, Math.max(rate(others.blocked, others.calls), s.baselineRate), th)) continue;
    const numbers = [...pairs].filter(([k, t]) => k.endsWith(`\u0000${route}`) && t.calls >= th.min_pair_calls);
    const refused = numbers.filter(([, t]) => rate(t.blocked, t.calls) >= th.route_config.min_rate);
    if (numbers.length === 0 || refused.length / numbers.length < th.route_config.min_number_share) continue;
    // The same numbers on the other routes.
    const callers = new Set(numbers.map(([k]) => k.split('\u0000')[0]));
    const elsewhere = total(s.cells.filter((c) => c.route !== route && callers.has(c.caller)));
    if (elsewhere.calls < th.min_calls) continue;
    const elsewhereRate = rate(elsewhere.blocked, elsewhere.calls);
    if (elsewhereRate > rate(rt.blocked, rt.calls) * th.route_config.other_routes_max_ratio) continue;
    out.push({
      kind: 'route',
      subject: route,
      verdict: 'configuration',
      calls: rt.calls,
      blocked: rt.blocked,
      routes: [route],
      summary: `${route}: ${num(rt.blocked)} of ${num(rt.calls)} calls refused (${pct(rate(rt.blocked, rt.calls))}); ${refused.length} of ${numbers.length} numbers refused mostly there; the same numbers ${pct(elsewhereRate)} on other routes`,
      evidence: { numbers_refused: refused.length, numbers_carried: numbers.length, same_numbers_other_routes: elsewhere },
    });
  }
  return out;
}
