import type { Span, Slice } from './cube.js';
import { byBlocked, minus, tallyBy, total } from './tally.js';
import { num, pct, rate } from './stats.js';
import { elevated, refusedOn } from './test-rate.js';
import { spanText, type Draft, type Scope } from './draft.js';

/**
 * Refusals concentrated on one destination region, across numbers and routes: a destination
 * policy (barred country or area code, toll-fraud protection), not the caller numbers. Compared
 * with the other regions, leaving out those already judged elevated; a region needs other
 * destinations to be compared with at all.
 */
export function judgeRegion(
  s: Scope,
  region: string,
  slice: Slice,
  flagged: ReadonlySet<string>,
  labelOf: (r: string) => string | undefined,
  span?: Span,
): Draft | null {
  const th = s.th;
  const t = slice.tally('region').get(region);
  if (!t) return null;
  const rest = total([...slice.tally('region')].filter(([g]) => g !== region && !flagged.has(g)).map(([, x]) => x));
  if (rest.calls < th.min_calls) return null;
  const reference = Math.max(rate(rest.blocked, rest.calls), s.baselineRate);
  if (!elevated(t, reference, th)) return null;
  const cells = slice.of('region', region);
  const numbers = byBlocked(tallyBy(cells, (c) => c.caller)).filter(([, x]) => x.blocked > 0);
  const routesCarrying = tallyBy(cells, (c) => c.route);
  const routes = byBlocked(routesCarrying).filter(([, x]) => x.blocked > 0);
  if (routes.length < Math.min(th.region.min_routes, routesCarrying.size)) return null;
  const [topNumber, top] = numbers[0] ?? ['', { calls: 0, blocked: 0 }];
  // The region, not one number: several numbers share its refusals, or, where one number (a
  // local-presence number) makes most of its calls, the other numbers' calls into it are refused too.
  const spread = numbers.length >= th.region.min_numbers && top.blocked / t.blocked <= th.region.max_top_number_share;
  const others = minus(
    t,
    tallyBy(
      cells.filter((c) => c.caller === topNumber),
      () => 'x',
    ).get('x') ?? { calls: 0, blocked: 0 },
  );
  const othersToo = numbers.length >= 2 && others.calls >= th.min_pair_calls && refusedOn(others, reference, th);
  if (!spread && !othersToo) return null;
  const label = labelOf(region);
  return {
    kind: 'region',
    subject: region,
    verdict: 'destination_policy',
    calls: t.calls,
    blocked: t.blocked,
    routes: routes.map(([r]) => r),
    ...(label ? { label } : {}),
    summary: `${region}${label ? ` (${label})` : ''}${spanText(s, span)}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}) from ${numbers.length} numbers on ${routes.length} route${routes.length === 1 ? '' : 's'}; other destinations ${pct(rate(rest.blocked, rest.calls))}`,
    evidence: {
      numbers_refused: numbers.length,
      top_number_share: Math.round((top.blocked / t.blocked) * 100) / 100,
      other_numbers_into_region: others,
      other_destinations: rest,
    },
    ...(span ? { span } : {}),
  };
}
