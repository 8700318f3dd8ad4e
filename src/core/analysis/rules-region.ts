import { byBlocked, minus, tallyBy, total } from './tally.js';
import { num, pct, rate } from './stats.js';
import { elevated } from './test-rate.js';
import type { Draft, Scope } from './draft.js';

/**
 * Refusals concentrated on one destination region, across numbers and routes: a destination policy
 * (barred country or area code, toll-fraud protection), not the caller numbers.
 */
export function regionRule(s: Scope, labelOf: (region: string) => string | undefined): Draft[] {
  const th = s.th;
  const out: Draft[] = [];
  const all = total(s.cells);
  for (const [region, t] of tallyBy(s.cells, (c) => c.region)) {
    const rest = minus(all, t);
    if (!elevated(t, Math.max(rate(rest.blocked, rest.calls), s.baselineRate), th)) continue;
    const cells = s.cells.filter((c) => c.region === region);
    const numbers = byBlocked(tallyBy(cells, (c) => c.caller)).filter(([, x]) => x.blocked > 0);
    const routesCarrying = tallyBy(cells, (c) => c.route);
    const routes = byBlocked(routesCarrying).filter(([, x]) => x.blocked > 0);
    const top = numbers[0]?.[1].blocked ?? 0;
    if (numbers.length < th.region.min_numbers) continue;
    if (routes.length < Math.min(th.region.min_routes, routesCarrying.size)) continue;
    if (top / t.blocked > th.region.max_top_number_share) continue;
    const label = labelOf(region);
    out.push({
      kind: 'region',
      subject: region,
      verdict: 'destination_policy',
      calls: t.calls,
      blocked: t.blocked,
      routes: routes.map(([r]) => r),
      ...(label ? { label } : {}),
      summary: `${region}${label ? ` (${label})` : ''}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}) from ${numbers.length} numbers on ${routes.length} routes; other destinations ${pct(rate(rest.blocked, rest.calls))}`,
      evidence: { numbers_refused: numbers.length, top_number_share: Math.round((top / t.blocked) * 100) / 100, other_destinations: rest },
    });
  }
  return out;
}
