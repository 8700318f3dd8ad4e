/**
 * The rules in order of scope, each judging a subject on the span of hours since its refusals
 * changed, against peers that leave out every subject already judged elevated:
 * account -> route configuration -> route x region -> destination -> numbers -> whatever is
 * still elevated (unexplained). What an earlier rule explains is set aside before the next looks.
 */
import type { CubeData } from '../../store/analysis.js';
import { seriesBy, type Span } from './cube.js';
import type { Draft, Scope } from './draft.js';
import { familyZ } from './test-rate.js';
import { accountRule, judgeRoute, narrowRoute } from './rules-config.js';
import { insufficientDraft, judgeNumber, medianSuspects, peerTotals, standsOut } from './rules-number.js';
import { judgeRegion } from './rules-region.js';
import { spanKey, spansOf, stageSlices, untilStable, type Excluded } from './stages.js';
import { unexplainedDrafts } from './rules-unexplained.js';

export function detect(s: Scope, cube: CubeData, labelOf: (region: string) => string | undefined): Draft[] {
  const th = s.th;
  const accSpan = spansOf(
    s,
    seriesBy(cube, () => '*'),
  ).get('*');
  const account = accountRule(s, s.slice(accSpan), accSpan) ?? (accSpan ? accountRule(s, s.slice()) : null);
  if (account) return [account];

  // Routes broken for every number.
  const routeSpans = spansOf(
    s,
    seriesBy(cube, (c) => c.route),
  );
  const all = stageSlices(s, () => false);
  const routeDrafts = untilStable(th.peer_passes, (bad) =>
    [...routeSpans].flatMap(
      ([route, span]) =>
        judgeRoute(s, route, all(span), bad, span) ?? (span ? judgeRoute(s, route, all(undefined), bad) : null) ?? [],
    ),
  );
  const badRoutes = new Set(routeDrafts.map((d) => d.subject));

  // Routes that refuse some destinations only.
  const narrowed = [...routeSpans]
    .filter(([r]) => !badRoutes.has(r))
    .flatMap(
      ([route, span]) =>
        narrowRoute(s, route, all(span), badRoutes, span) ??
        (span ? narrowRoute(s, route, all(undefined), badRoutes) : null) ??
        [],
    );
  const pairs = new Set(narrowed.flatMap((d) => (d.regions ?? []).map((g) => `${d.subject}\u0000${g}`)));
  const ex1: Excluded = (c) => badRoutes.has(c.route) || pairs.has(`${c.route}\u0000${c.region}`);

  // Destinations refused across numbers and routes.
  const regionSpans = spansOf(
    s,
    seriesBy(cube, (c) => (ex1(c) ? null : c.region)),
  );
  const regionSlice = stageSlices(s, ex1);
  const regionDrafts = untilStable(th.peer_passes, (flagged) =>
    [...regionSpans].flatMap(
      ([region, span]) =>
        judgeRegion(s, region, regionSlice(span), flagged, labelOf, span) ??
        (span ? judgeRegion(s, region, regionSlice(undefined), flagged, labelOf) : null) ??
        [],
    ),
  );
  const badRegions = new Set(regionDrafts.map((d) => d.subject));
  const ex2: Excluded = (c) => ex1(c) || badRegions.has(c.region);

  // Numbers: candidates first, then each judged against the numbers that are not candidates.
  const numberSeries = seriesBy(cube, (c) => (ex2(c) ? null : c.caller));
  const numberSpans = spansOf(s, numberSeries);
  const numberSlice = stageSlices(s, ex2);
  // Every number on every route is a test: a big account needs a stricter z (test-rate.ts familyZ).
  const ns: Scope = { ...s, th: { ...th, z: familyZ(th, numberSlice(undefined).tally('caller_route').size) } };
  const peerCache = new Map<string, ReturnType<typeof peerTotals>>();
  const peersFor = (span: Span | undefined, flagged: ReadonlySet<string>, version: string) => {
    const k = `${spanKey(span)}|${version}`;
    let p = peerCache.get(k);
    if (!p) {
      p = peerTotals(numberSlice(span), flagged);
      peerCache.set(k, p);
    }
    return p;
  };
  let version = 0;
  /** The span a number stands out on: since its change, else the whole window; null: it does not. */
  const judgedOn = new Map<string, Span | undefined>();
  const candidates = untilStable(
    th.peer_passes,
    (flagged) => {
      version++;
      judgedOn.clear();
      for (const [caller, span] of numberSpans) {
        const on = (sp: Span | undefined): boolean =>
          standsOut(ns, caller, numberSlice(sp), peersFor(sp, flagged, String(version)), flagged.has(caller));
        if (on(span)) judgedOn.set(caller, span);
        else if (span && on(undefined)) judgedOn.set(caller, undefined);
      }
      return [...judgedOn.keys()].map((subject) => ({ subject }));
    },
    medianSuspects(ns, numberSlice(undefined)),
  );
  const flagged = new Set(candidates.map((c) => c.subject));
  const numberDrafts = [...flagged].map((caller) => {
    const span = judgedOn.get(caller);
    return judgeNumber(
      ns,
      caller,
      numberSlice(span),
      peersFor(span, flagged, 'final'),
      numberSeries.get(caller)!,
      span,
    );
  });
  const fullNumbers = numberSlice(undefined);
  // Too few calls for a verdict: over the window, else on one of its days (latest first), so a
  // wider window keeps what the day shows.
  const perDay = Math.max(1, Math.round(s.buckets / s.days));
  const daySpans: Span[] = [];
  for (let start = s.buckets - perDay; s.days > 1 && start >= 0; start -= perDay)
    daySpans.push({ start, end: start + perDay });
  const few = [...fullNumbers.tally('caller').keys()]
    .filter((c) => !flagged.has(c))
    .flatMap((c) => {
      const whole = insufficientDraft(s, c, fullNumbers);
      if (whole) return [whole];
      for (const span of daySpans) {
        if (!numberSlice(span).tally('caller').has(c)) continue;
        const d = insufficientDraft(s, c, numberSlice(span));
        if (d) return [{ ...d, span }];
      }
      return [];
    });
  const explainedNumbers = new Set([...flagged, ...few.map((d) => d.subject)]);
  const ex3: Excluded = (c) => ex2(c) || explainedNumbers.has(c.caller);

  const rest = unexplainedDrafts(s, cube, ex3, labelOf);
  return [...routeDrafts, ...narrowed, ...regionDrafts, ...numberDrafts, ...few, ...rest];
}
