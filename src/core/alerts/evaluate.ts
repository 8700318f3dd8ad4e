import type { TallyKind, TallyRow } from '../../store/alert-tallies.js';
import type { AlertKind } from '../../store/alerts.js';
import { rate } from '../analysis/stats.js';
import { minus, total, type Tally } from '../analysis/tally.js';
import { elevated, familyZ, refusedOn } from '../analysis/test-rate.js';
import type { Thresholds } from '../analysis/thresholds.js';
import type { Verdict } from '../analysis/types.js';

export type AlertVerdict = Verdict;

export const KIND_TAG = { account: 'a', route: 'r', number: 'n', region: 'g' } as const satisfies Record<
  AlertKind,
  TallyKind
>;

export interface AlertCandidate {
  kind: AlertKind;
  subject: string;
  verdict: AlertVerdict;
  /** The short window, after what a broader alert explains was taken out (numbers, routes). */
  short: Tally;
  long: Tally;
  baselineRate: number;
  routes: string[];
}

export interface EvalInput {
  short: TallyRow[];
  /** The analysis thresholds; min_calls is replaced by the alerts' minimum volume. */
  th: Thresholds;
  minCalls: number;
  /** Refusal rate of the same hours on previous days (0 with no history: the noise floor applies). */
  reference(kind: AlertKind, subject: string): number;
  /** The subject's own long window. */
  long(kind: AlertKind, subject: string): Tally;
  /** Open (confirmed) alerts that keep holding back what is under them. */
  held: { account: boolean; routes: ReadonlySet<string> };
}

type Cross = Map<string, Map<string, Tally>>;

function index(rows: TallyRow[]): {
  single: Record<'a' | 'r' | 'n' | 'g', Map<string, Tally>>;
  cross: Record<'nr' | 'gr' | 'ng', Cross>;
} {
  const single = { a: new Map(), r: new Map(), n: new Map(), g: new Map() } as Record<
    'a' | 'r' | 'n' | 'g',
    Map<string, Tally>
  >;
  const cross = { nr: new Map(), gr: new Map(), ng: new Map() } as Record<'nr' | 'gr' | 'ng', Cross>;
  for (const r of rows) {
    const t = { calls: r.calls, blocked: r.blocked };
    if (r.kind === 'nr' || r.kind === 'gr' || r.kind === 'ng') {
      const [first = '', second = ''] = r.subject.split('\t');
      const m = cross[r.kind].get(first) ?? new Map<string, Tally>();
      m.set(second, t);
      cross[r.kind].set(first, m);
    } else single[r.kind].set(r.subject, t);
  }
  return { single, cross };
}

/** The second halves of a cross that carry refusals, most refused first. */
function refusedIn(m: Map<string, Tally> | undefined): string[] {
  return [...(m ?? new Map<string, Tally>())]
    .filter(([, t]) => t.blocked > 0)
    .sort((a, b) => b[1].blocked - a[1].blocked || a[0].localeCompare(b[0]))
    .map(([k]) => k);
}

/** Who the refusals of one subject came from (a cross read the other way: numbers on a route). */
function invert(c: Cross, second: string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const [first, m] of c) {
    const t = m.get(second);
    if (t) out.set(first, t);
  }
  return out;
}

function spread(by: Map<string, Tally>, blocked: number, minCount: number, maxTopShare: number): boolean {
  const refused = [...by.values()].filter((t) => t.blocked > 0);
  const carrying = [...by.values()].filter((t) => t.calls > 0).length;
  const top = refused.reduce((m, t) => Math.max(m, t.blocked), 0);
  return refused.length >= Math.min(minCount, carrying) && blocked > 0 && top / blocked <= maxTopShare;
}

/**
 * Which subjects are refused now, each tested the analysis' way (test-rate.ts: minimum calls and
 * refusals, minimum rate, the lower Wilson bound at least min_ratio x the reference) on the short
 * window and, with no minimum rate, on the long one: both must agree. The same order of
 * explanation as the analysis: a route refusing across its numbers and regions, then a region
 * refused across numbers (minus those routes), then numbers (minus the routes and regions above).
 * A route or account alert, new or open, holds back the number alerts under it.
 */
export function evaluate(inp: EvalInput): AlertCandidate[] {
  const { single, cross } = index(inp.short);
  // Every subject in the window is a test: a big account needs a stricter z (test-rate.ts familyZ),
  // as the analysis does for a day's numbers.
  const tests = single.a.size + single.r.size + single.n.size + single.g.size;
  const z = familyZ(inp.th, tests);
  const shortTh: Thresholds = { ...inp.th, z, min_calls: inp.minCalls };
  const longTh: Thresholds = { ...inp.th, z, min_calls: inp.minCalls, min_rate: 0 };
  const refs = new Map<string, number>();
  const ref = (kind: AlertKind, s: string): number => {
    const k = `${kind}\t${s}`;
    if (!refs.has(k)) refs.set(k, inp.reference(kind, s));
    return refs.get(k)!;
  };
  // Cheap first: against the noise floor alone (the lowest any reference can be).
  const hot = (kind: AlertKind, s: string, t: Tally): boolean =>
    elevated(t, 0, shortTh) && elevated(t, ref(kind, s), shortTh);
  const confirmed = (kind: AlertKind, s: string): { long: Tally } | null => {
    const long = inp.long(kind, s);
    return elevated(long, ref(kind, s), longTh) ? { long } : null;
  };
  const out: AlertCandidate[] = [];
  const add = (kind: AlertKind, s: string, short: Tally, verdict: AlertVerdict, routes: string[]): boolean => {
    const c = confirmed(kind, s);
    if (!c) return false;
    out.push({ kind, subject: s, verdict, short, long: c.long, baselineRate: ref(kind, s), routes });
    return true;
  };

  // A route refusing across its numbers and destinations: its trunk or account settings changed.
  const routes = new Set<string>(inp.held.routes);
  for (const [r, t] of single.r) {
    if (routes.has(r) || !hot('route', r, t)) continue;
    if (!spread(invert(cross.nr, r), t.blocked, inp.th.region.min_numbers, inp.th.region.max_top_number_share))
      continue;
    if (!spread(invert(cross.gr, r), t.blocked, 2, inp.th.region.max_top_number_share)) continue;
    if (add('route', r, t, 'configuration', [r])) routes.add(r);
  }

  // A region refused across numbers, minus those routes; across routes too (destination policy),
  // or on one route only (that route's policy for the region: a route alert).
  const regions = new Set<string>();
  for (const [g, t0] of single.g) {
    const byRoute = new Map([...(cross.gr.get(g) ?? new Map<string, Tally>())].filter(([r]) => !routes.has(r)));
    const t = total(byRoute.values());
    if (!hot('region', g, t)) continue;
    if (!spread(invert(cross.ng, g), t.blocked, inp.th.region.min_numbers, inp.th.region.max_top_number_share))
      continue;
    const refusing = [...byRoute].filter(([, x]) => refusedOn(x, ref('region', g), shortTh)).map(([r]) => r);
    const carrying = [...byRoute.values()].filter((x) => x.calls >= inp.minCalls / 2).length;
    if (refusing.length >= Math.min(inp.th.region.min_routes, Math.max(1, carrying))) {
      if (add('region', g, t, 'destination_policy', refusedIn(byRoute))) regions.add(g);
    } else if (refusing.length === 1 && !routes.has(refusing[0]!)) {
      const r = refusing[0]!;
      if (add('route', r, single.r.get(r) ?? t0, 'destination_policy', [r])) routes.add(r);
    }
  }

  for (const [n, t0] of single.n) {
    const byRoute = cross.nr.get(n) ?? new Map<string, Tally>();
    const explained = total([...byRoute].filter(([r]) => routes.has(r)).map(([, x]) => x));
    const inRegions = total(
      [...(cross.ng.get(n) ?? new Map<string, Tally>())].filter(([g]) => regions.has(g)).map(([, x]) => x),
    );
    const t = minus(minus(t0, explained), inRegions);
    if (t.calls < 0 || t.blocked < 0 || !hot('number', n, t)) continue;
    const refusedOnRoutes = [...byRoute]
      .filter(([r, x]) => !routes.has(r) && refusedOn(x, ref('number', n), shortTh))
      .map(([r]) => r);
    const verdict: AlertVerdict =
      refusedOnRoutes.length >= 2 ? 'reputation' : refusedOnRoutes.length === 1 ? 'carrier_policy' : 'unexplained';
    add('number', n, t, verdict, refusedIn(byRoute));
  }

  const acct = single.a.get('*');
  if (acct && hot('account', '*', acct)) {
    const busy = [...single.r].filter(([, t]) => t.calls >= inp.minCalls).map(([r]) => r);
    const allRoutes =
      busy.length > 0 &&
      busy.every(
        (r) =>
          routes.has(r) &&
          rate(single.r.get(r)!.blocked, single.r.get(r)!.calls) >= inp.th.account_config.route_min_rate,
      );
    const routesOpen = [...single.r]
      .filter(([, t]) => t.blocked > 0)
      .sort((a, b) => b[1].blocked - a[1].blocked)
      .map(([r]) => r);
    if (allRoutes && !inp.held.account) {
      // Every route refuses: one account alert instead of one per route and number.
      if (add('account', '*', acct, 'configuration', routesOpen)) return out.filter((c) => c.kind === 'account');
    } else if (!out.length && !inp.held.routes.size && !inp.held.account) {
      add('account', '*', acct, 'unexplained', routesOpen);
    }
  }
  return inp.held.account ? out.filter((c) => c.kind === 'account') : out;
}
