import type { Db } from '../../store/db.js';
import {
  baselineFromCalls,
  refreshRollups,
  refusalReasons,
  rollupByCaller,
  rollupByRegion,
  windowCube,
  type CellRow,
  type CubeData,
  type RollupRow,
} from '../../store/analysis.js';
import { contactEvidence } from '../number/finding-contacts.js';
import { decodeReason } from '../sip/decode-reason.js';
import { bucketMsFor, cellsIn, seriesBy, Slice, type Span } from './cube.js';
import type { Draft, Scope } from './draft.js';
import { bucketLabeler, regionLabel } from './labels.js';
import { detect } from './pipeline.js';
import { rate, round4 } from './stats.js';
import { tallyBy, total, type Tally } from './tally.js';
import { elevated } from './test-rate.js';
import { defaultThresholds, type Thresholds } from './thresholds.js';
import type { Analysis, Finding, HourStat, PatternsReport, RouteStat } from './types.js';
import { VERDICT_INFO } from './verdicts.js';

const DAY = 86_400_000;

export interface AnalyzeOptions {
  from: Date;
  to: Date;
  /** Default: the seven days before `from`. */
  baselineFrom?: Date;
  baselineTo?: Date;
  /** Only findings (and totals) about this caller number / route / destination region. */
  number?: string;
  route?: string;
  region?: string;
  thresholds?: Thresholds;
  /** Zone for hour labels and `period.timezone`. Default UTC. */
  timeZone?: string;
  /** Sample the reason phrases of each finding (one small query each). Default true. */
  reasons?: boolean;
}

interface Baseline {
  byCaller: RollupRow[];
  byRegion: RollupRow[];
}

/** Baseline rows from the rollups (whole UTC days inside the baseline window), folding in new calls first. */
function loadBaseline(db: Db, from: number, to: number): { base: Baseline; folded: number } {
  let fromDay = Math.ceil(from / DAY) * DAY;
  let toDay = Math.floor(to / DAY) * DAY;
  if (toDay <= fromDay) {
    fromDay = Math.floor(from / DAY) * DAY;
    toDay = Math.ceil(to / DAY) * DAY;
  }
  let folded = 0;
  try {
    folded = refreshRollups(db);
  } catch {
    // A read-only database, or another connection holding the write lock: scan the baseline
    // itself (slower, same answer) rather than wait.
    return { base: baselineFromCalls(db, fromDay, toDay), folded: 0 };
  }
  return {
    base: { byCaller: rollupByCaller(db, fromDay, toDay), byRegion: rollupByRegion(db, fromDay, toDay) },
    folded,
  };
}

/** A finding's subject in the baseline rows (a narrowed route: its calls into those regions). */
function subjectRows(d: Pick<Draft, 'kind' | 'subject' | 'regions'>, base: Baseline): RollupRow[] {
  switch (d.kind) {
    case 'number':
      return base.byCaller.filter((r) => r.key === d.subject);
    case 'route':
      return d.regions?.length
        ? base.byRegion.filter((r) => r.route === d.subject && d.regions!.includes(r.key))
        : base.byCaller.filter((r) => r.route === d.subject);
    case 'region':
      return base.byRegion.filter((r) => r.key === d.subject);
    case 'account':
      return base.byCaller;
  }
}

/** The first day of the run of elevated baseline days that reaches the window, if any. */
function beganBefore(rows: RollupRow[], reference: number, th: Thresholds, windowDay: number): number | undefined {
  const days = [...tallyBy(rows, (r) => String(r.day))]
    .map(([d, t]) => [Number(d), t] as const)
    .sort((a, b) => b[0] - a[0]);
  let began: number | undefined;
  let expect = days[0]?.[0];
  if (expect === undefined || windowDay - expect > DAY) return undefined;
  for (const [day, t] of days) {
    if (day !== expect || !elevated(t, reference, th)) break;
    began = day;
    expect = day - DAY;
  }
  return began;
}

function reasonsOf(db: Db, d: Draft, from: number, to: number): Finding['reasons'] {
  // A number's or region's refusals on the routes the finding is about, not a broken route's.
  const routes = d.kind === 'number' || d.kind === 'region' ? d.routes : undefined;
  return refusalReasons(db, d.kind, d.subject, from, to, 300, routes)
    .slice(0, 6)
    .map((r) => {
      const decoded = decodeReason(r.reason);
      return { code: r.code, reason: r.reason, count: r.count, ...(decoded ? { decoded: decoded.label } : {}) };
    });
}

interface Filter {
  number?: string;
  route?: string;
  region?: string;
}

const keeps =
  (f: Filter) =>
  (c: Pick<CellRow, 'caller' | 'route' | 'region'>): boolean =>
    (f.number === undefined || c.caller === f.number) &&
    (f.route === undefined || c.route === f.route) &&
    (f.region === undefined || c.region === f.region);

/** True when a finding concerns the subject the user asked about: its own, or one its refused calls are part of. */
function concerns(d: Draft, slice: Slice, f: Filter): boolean {
  if (f.number === undefined && f.route === undefined && f.region === undefined) return true;
  const keep = keeps(f);
  if (d.kind === 'account') return slice.cells.some((c) => keep(c) && c.blocked > 0);
  const dim = d.kind === 'number' ? 'caller' : d.kind;
  const own = slice.of(dim, d.subject).filter((c) => c.blocked > 0 && (!d.regions || d.regions.includes(c.region)));
  return own.some(keep);
}

/** The first bucket the subject's calls were refused in. */
function firstRefused(cube: CubeData, d: Draft): number | undefined {
  const key = d.kind === 'number' ? 'caller' : d.kind === 'route' ? 'route' : d.kind === 'region' ? 'region' : null;
  const series = seriesBy(cube, (c) => (key === null || c[key] === d.subject ? 'x' : null)).get('x');
  const b = series ? series.blocked.findIndex((x) => x > 0) : -1;
  return b >= 0 ? b : undefined;
}

/** The full analysis: the JSON report plus the per-route table and the hours the digest draws. */
export function analyzeWindow(db: Db, opts: AnalyzeOptions): Analysis {
  const th = opts.thresholds ?? defaultThresholds();
  const tz = opts.timeZone ?? 'UTC';
  const from = opts.from.getTime();
  const to = opts.to.getTime();
  const bFrom = opts.baselineFrom?.getTime() ?? from - 7 * DAY;
  const bTo = opts.baselineTo?.getTime() ?? from;

  const { base, folded } = loadBaseline(db, bFrom, bTo);
  const bucketMs = bucketMsFor(from, to, th.change.max_buckets);
  const cube = windowCube(db, from, to, bucketMs);
  const baseAll = total(base.byCaller);
  const hasHistory = baseAll.calls >= th.min_calls;
  const label = bucketLabeler(from, to, bucketMs, tz);
  const slices = new Map<string, Slice>();
  const scope: Scope = {
    th,
    hasHistory,
    baselineRate: rate(baseAll.blocked, baseAll.calls),
    bucketLabel: label,
    buckets: cube.buckets,
    days: Math.max(1, Math.round((to - from) / DAY)),
    slice(span?: Span) {
      const k = span ? `${span.start}-${span.end}` : 'all';
      let sl = slices.get(k);
      if (!sl) {
        sl = new Slice(cellsIn(cube, span ?? { start: 0, end: cube.buckets }));
        slices.set(k, sl);
      }
      return sl;
    },
  };
  const full = scope.slice();
  const filter: Filter = {
    ...(opts.number !== undefined ? { number: opts.number } : {}),
    ...(opts.route !== undefined ? { route: opts.route } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  };
  const drafts = detect(scope, cube, regionLabel);
  const at = (b: number): string => new Date(from + b * bucketMs).toISOString();

  const findings: Finding[] = drafts
    .filter((d) => concerns(d, full, filter))
    .sort((a, b) => b.blocked - a.blocked || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject))
    .map((d) => {
      const rows = subjectRows(d, base);
      const bt = total(rows);
      const judged =
        d.verdict === 'insufficient_data'
          ? undefined
          : d.span?.start
            ? undefined
            : beganBefore(rows, scope.baselineRate, th, Math.floor(from / DAY) * DAY);
      const startBucket = d.span?.start
        ? d.span.start
        : (d.beganBucket ?? (judged === undefined && bt.calls >= th.min_calls ? firstRefused(cube, d) : undefined));
      const began =
        judged !== undefined ? new Date(judged).toISOString() : startBucket !== undefined ? at(startBucket) : undefined;
      const recovered = d.span && d.span.end < cube.buckets ? at(d.span.end) : undefined;
      const reasons =
        opts.reasons === false
          ? undefined
          : reasonsOf(
              db,
              d,
              d.span ? from + d.span.start * bucketMs : from,
              d.span ? Math.min(to, from + d.span.end * bucketMs) : to,
            );
      const history = bt.calls >= th.min_calls;
      const info = VERDICT_INFO[d.verdict];
      // A number's 603+ / 608 redress contacts: whom to ask belongs to the finding's evidence.
      const contacts = opts.reasons === false || d.kind !== 'number' ? [] : contactEvidence(db, d.subject, from, to);
      return {
        kind: d.kind,
        subject: d.subject,
        verdict: d.verdict,
        calls: d.calls,
        blocked: d.blocked,
        rate: round4(rate(d.blocked, d.calls)),
        baseline_rate: round4(rate(bt.blocked, bt.calls)),
        routes: d.routes,
        summary: `${d.summary}${history || d.kind === 'account' ? '' : '; no history yet'}: ${info.tail(d.kind)}.`,
        next_steps: info.nextSteps(d),
        ...(d.label ? { label: d.label } : {}),
        ...(d.regions?.length ? { regions: d.regions } : {}),
        ...(began !== undefined ? { began } : {}),
        ...(recovered !== undefined ? { recovered } : {}),
        ...(reasons?.length ? { reasons } : {}),
        evidence: {
          ...d.evidence,
          baseline: bt,
          ...(history ? {} : { no_history: true }),
          ...(judged !== undefined ? { ongoing_before_window: true } : {}),
          ...(contacts.length ? { redress_contacts: contacts } : {}),
        },
      };
    });

  const keep = keeps(filter);
  const wCells = full.cells.filter(keep);
  const bRows =
    opts.region !== undefined
      ? base.byRegion.filter((r) => r.key === opts.region && (opts.route === undefined || r.route === opts.route))
      : base.byCaller.filter(
          (r) =>
            (opts.number === undefined || r.key === opts.number) &&
            (opts.route === undefined || r.route === opts.route),
        );
  const t = total(wCells);
  const bt = total(bRows);
  const report: PatternsReport = {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timezone: tz },
    totals: {
      calls: t.calls,
      blocked: t.blocked,
      rate: round4(rate(t.blocked, t.calls)),
      baseline_rate: round4(rate(bt.blocked, bt.calls)),
    },
    findings,
  };
  const baseByRoute = tallyBy(bRows, (r) => r.route);
  const routes: RouteStat[] = [...tallyBy(wCells, (c) => c.route)]
    .map(([route, x]) => routeStat(route, x, baseByRoute.get(route)))
    .sort((a, b) => b.calls - a.calls);
  const series = seriesBy(cube, (c) => (keep(c) ? 'x' : null)).get('x');
  const hours: HourStat[] = Array.from({ length: cube.buckets }, (_, b) => ({
    start: from + b * bucketMs,
    label: label(b),
    calls: series?.calls[b] ?? 0,
    blocked: series?.blocked[b] ?? 0,
  }));
  const known = {
    numbers: [...cube.callers].sort(),
    routes: [...cube.routes].sort(),
    regions: [...cube.regions].sort(),
  };
  return { report, routes, hours, rollupFolded: folded, hasHistory: bt.calls >= th.min_calls, known };
}

function routeStat(route: string, x: Tally, b: Tally | undefined): RouteStat {
  return {
    route,
    calls: x.calls,
    blocked: x.blocked,
    rate: round4(rate(x.blocked, x.calls)),
    baseline_rate: round4(b ? rate(b.blocked, b.calls) : 0),
  };
}

/** The 403 pattern analysis of a window, in the documented JSON shape. */
export function analyze(db: Db, opts: AnalyzeOptions): PatternsReport {
  return analyzeWindow(db, opts).report;
}
