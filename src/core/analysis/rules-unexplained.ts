/**
 * Nothing elevated is hidden: after the verdict rules, every route, region and finally the
 * account whose remaining refusals are still clearly above their reference is reported as
 * `unexplained`, with its figures. Routes and regions are compared with their peers; the account
 * with its own history, or, with no history yet, with a floor that ordinary traffic stays under.
 */
import type { CubeData } from '../../store/analysis.js';
import { seriesBy } from './cube.js';
import { spanText, type Draft, type Scope } from './draft.js';
import { spansOf, stageSlices, untilStable, type Excluded } from './stages.js';
import { num, pct, rate } from './stats.js';
import { total } from './tally.js';
import { elevated, insufficient } from './test-rate.js';

function peers(
  s: Scope,
  kind: 'route' | 'region',
  excluded: Excluded,
  flagged: ReadonlySet<string>,
  labelOf: (r: string) => string | undefined,
  cube: CubeData,
): Draft[] {
  const dim = kind;
  const spans = spansOf(
    s,
    seriesBy(cube, (c) => (excluded(c) ? null : c[dim])),
  );
  const slices = stageSlices(s, excluded);
  const out: Draft[] = [];
  for (const [subject, span0] of spans) {
    for (const span of span0 ? [span0, undefined] : [undefined]) {
      const slice = slices(span);
      const t = slice.tally(dim).get(subject);
      if (!t) continue;
      if (span === undefined && insufficient(t, s.th)) {
        // Mostly refused, but too few calls left for a verdict once the rules above took theirs.
        out.push({
          kind,
          subject,
          verdict: 'insufficient_data',
          calls: t.calls,
          blocked: t.blocked,
          routes: [
            ...new Set(
              slice
                .of(dim, subject)
                .filter((c) => c.blocked > 0)
                .map((c) => c.route),
            ),
          ].sort(),
          ...(kind === 'region' && labelOf(subject) ? { label: labelOf(subject)! } : {}),
          summary: `${subject}: ${num(t.blocked)} of ${num(t.calls)} calls refused outside the findings above; fewer than ${s.th.min_calls} calls, too few to tell`,
          evidence: { min_calls: s.th.min_calls },
        });
        break;
      }
      const rest = total([...slice.tally(dim)].filter(([k]) => k !== subject && !flagged.has(k)).map(([, x]) => x));
      if (rest.calls < s.th.min_calls) continue;
      if (!elevated(t, Math.max(rate(rest.blocked, rest.calls), s.baselineRate), s.th)) continue;
      const label = kind === 'region' ? labelOf(subject) : undefined;
      const cells = slice.of(dim, subject);
      const numbers = new Set(cells.filter((c) => c.blocked > 0).map((c) => c.caller)).size;
      const routes = [...new Set(cells.filter((c) => c.blocked > 0).map((c) => c.route))].sort();
      out.push({
        kind,
        subject,
        verdict: 'unexplained',
        calls: t.calls,
        blocked: t.blocked,
        routes,
        ...(label ? { label } : {}),
        summary: `${subject}${label ? ` (${label})` : ''}${spanText(s, span)}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}) from ${num(numbers)} number${numbers === 1 ? '' : 's'}; other ${kind === 'route' ? 'routes' : 'destinations'} ${pct(rate(rest.blocked, rest.calls))}`,
        evidence: { peers: rest },
        ...(span ? { span } : {}),
      });
      break;
    }
  }
  return out;
}

function accountDraft(s: Scope, cube: CubeData, excluded: Excluded, explained: boolean): Draft | null {
  const th = s.th;
  const reference = s.hasHistory ? s.baselineRate : th.no_history_floor;
  const span0 = spansOf(
    s,
    seriesBy(cube, (c) => (excluded(c) ? null : '*')),
  ).get('*');
  const slices = stageSlices(s, excluded);
  for (const span of span0 ? [span0, undefined] : [undefined]) {
    const slice = slices(span);
    const t = slice.total();
    if (!elevated(t, reference, th)) continue;
    const numbers = slice.tally('caller').size;
    const routes = [...slice.tally('route').keys()].sort();
    const against = s.hasHistory
      ? `${pct(s.baselineRate)} over the 7 days before`
      : `no history yet, so against the ${pct(th.no_history_floor)} floor ordinary traffic stays under`;
    return {
      kind: 'account',
      subject: '*',
      verdict: 'unexplained',
      calls: t.calls,
      blocked: t.blocked,
      routes,
      summary: `All traffic${explained ? ' outside the findings above' : ''}${spanText(s, span)}: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate(t.blocked, t.calls))}), spread over ${num(numbers)} numbers and ${routes.length} route${routes.length === 1 ? '' : 's'}; ${against}`,
      evidence: { reference, no_history: !s.hasHistory },
      ...(span ? { span } : {}),
    };
  }
  return null;
}

export function unexplainedDrafts(
  s: Scope,
  cube: CubeData,
  excluded: Excluded,
  labelOf: (r: string) => string | undefined,
): Draft[] {
  const routes = untilStable(s.th.peer_passes, (flagged) => peers(s, 'route', excluded, flagged, labelOf, cube));
  const badRoutes = new Set(routes.map((d) => d.subject));
  const ex1: Excluded = (c) => excluded(c) || badRoutes.has(c.route);
  const regions = untilStable(s.th.peer_passes, (flagged) => peers(s, 'region', ex1, flagged, labelOf, cube));
  const badRegions = new Set(regions.map((d) => d.subject));
  const ex2: Excluded = (c) => ex1(c) || badRegions.has(c.region);
  const explained = s.slice().cells.some((c) => ex2(c));
  const account = accountDraft(s, cube, ex2, explained);
  return [...routes, ...regions, ...(account ? [account] : [])];
}
