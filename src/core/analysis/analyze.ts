import type { Db } from '../../store/db.js';
import {
  baselineFromCalls, refreshRollups, refusalReasons, rollupByCaller, rollupByRegion, windowCells, windowHourTotals, windowHoursFor,
  type CellRow, type HourRow, type RollupRow,
} from '../../store/analysis.js';
import { decodeReason } from '../sip/decode-reason.js';
import type { Draft, Scope } from './draft.js';
import { hourLabeler, regionLabel } from './labels.js';
import { nextSteps, verdictText } from './next-steps.js';
import { accountRule, routeConfigRule } from './rules-config.js';
import { numberRules } from './rules-number.js';
import { regionRule } from './rules-region.js';
import { rate, round4 } from './stats.js';
import { tallyBy, total, type Tally } from './tally.js';
import { elevated } from './test-rate.js';
import { defaultThresholds, type Thresholds } from './thresholds.js';
import type { Analysis, Finding, HourStat, PatternsReport, RouteStat } from './types.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface AnalyzeOptions {
  from: Date;
  to: Date;
  /** Default: the seven days before `from`. */
  baselineFrom?: Date;
  baselineTo?: Date;
  /** Only findings (and totals) about this caller number / route. */
  number?: string;
  route?: string;
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
    // A read-only database: scan the baseline itself (slower, same answer).
    return { base: baselineFromCalls(db, fromDay, toDay), folded: 0 };
  }
  return { base: { byCaller: rollupByCaller(db, fromDay, toDay), byRegion: rollupByRegion(db, fromDay, toDay) }, folded };
}

function subjectRows(d: Draft, base: Baseline): RollupRow[] {
  switch (d.kind) {
    case 'number':
      return base.byCaller.filter((r) => r.key === d.subject);
    case 'route':
      return base.byCaller.filter((r) => r.route === d.subject);
    case 'region':
      return base.byRegion.filter((r) => r.key === d.subject);
    case 'account':
      return base.byCaller;
  }
}

/** The first day of the run of elevated baseline days that reaches the window, if any. */
function beganBefore(rows: RollupRow[], reference: number, th: Thresholds): number | undefined {
  const days = [...tallyBy(rows, (r) => String(r.day))].map(([d, t]) => [Number(d), t] as const).sort((a, b) => b[0] - a[0]);
  let began: number | undefined;
  let expect = days[0]?.[0];
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
  // From the first refused hour on: a number refused only in its busy hours is not read all day.
  const start = d.beganHour !== undefined ? from + d.beganHour * HOUR : from;
  return refusalReasons(db, d.kind, d.subject, start, to, 300, routes).slice(0, 6).map((r) => {
    const decoded = decodeReason(r.reason);
    return { code: r.code, reason: r.reason, count: r.count, ...(decoded ? { decoded: decoded.label } : {}) };
  });
}

/** True when a finding concerns the number / route the user asked about. */
function concerns(f: Draft, cells: CellRow[], number?: string, route?: string): boolean {
  if (number !== undefined) {
    if (f.kind === 'number') return f.subject === number;
    const mine = cells.filter((c) => c.caller === number && c.blocked > 0);
    if (f.kind === 'route') return mine.some((c) => c.route === f.subject);
    if (f.kind === 'region') return mine.some((c) => c.region === f.subject);
    return mine.length > 0;
  }
  if (route !== undefined) return f.kind === 'route' ? f.subject === route : f.kind === 'account' || f.routes.includes(route);
  return true;
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
  const cells = windowCells(db, from, to);
  // Hour rows come from one narrow scan: the suspect numbers plus the routes found broken.
  let badRouteList: string[] = [];
  let hourCache: HourRow[] | undefined;
  const hours = (callers: readonly string[], routes: readonly string[]): HourRow[] => {
    hourCache ??= windowHoursFor(db, from, to, callers, [...new Set([...routes, ...badRouteList])]);
    return hourCache;
  };
  const baseAll = total(base.byCaller);
  const baselineRate = rate(baseAll.blocked, baseAll.calls);
  const hourLabel = hourLabeler(from, to, tz);
  const scope = (c: CellRow[], h: Scope['hours']): Scope => ({ cells: c, hours: h, th, baselineRate, hourLabel });

  // Rules in order of scope: what an earlier rule explains is taken out before the next looks.
  let drafts: Draft[] = [];
  const account = accountRule(scope(cells, hours));
  if (account) {
    drafts = [account];
  } else {
    const routeDrafts = routeConfigRule(scope(cells, hours));
    const badRoutes = new Set(routeDrafts.map((d) => d.subject));
    badRouteList = [...badRoutes];
    const cells1 = cells.filter((c) => !badRoutes.has(c.route));
    const hours1: Scope['hours'] = (c, r) => hours(c, r).filter((h) => !badRoutes.has(h.route));
    const regionDrafts = regionRule(scope(cells1, hours1), regionLabel);
    const badRegions = new Set(regionDrafts.map((d) => d.subject));
    const cells2 = cells1.filter((c) => !badRegions.has(c.region));
    const numberDrafts = numberRules(scope(cells2, hours1));
    // A broken route's first refused hour, from the same scan.
    for (const d of routeDrafts) {
      const first = hours([], []).filter((h) => h.route === d.subject && h.blocked > 0).reduce((m, h) => Math.min(m, h.hour), Infinity);
      if (Number.isFinite(first)) d.beganHour = first;
    }
    drafts = [...routeDrafts, ...regionDrafts, ...numberDrafts];
  }

  const findings: Finding[] = drafts
    .filter((d) => concerns(d, cells, opts.number, opts.route))
    .sort((a, b) => b.blocked - a.blocked || a.subject.localeCompare(b.subject))
    .map((d) => {
      const rows = subjectRows(d, base);
      const bt = total(rows);
      const beforeDay = d.verdict === 'insufficient_data' ? undefined : beganBefore(rows, baselineRate, th);
      const began = beforeDay ?? (d.beganHour !== undefined ? from + d.beganHour * HOUR : undefined);
      const reasons = opts.reasons === false ? undefined : reasonsOf(db, d, from, to);
      return {
        kind: d.kind,
        subject: d.subject,
        verdict: d.verdict,
        calls: d.calls,
        blocked: d.blocked,
        rate: round4(rate(d.blocked, d.calls)),
        baseline_rate: round4(rate(bt.blocked, bt.calls)),
        routes: d.routes,
        summary: `${d.summary}: ${verdictText(d.verdict, d.kind)}.`,
        next_steps: nextSteps(d),
        ...(d.label ? { label: d.label } : {}),
        ...(d.regions?.length ? { regions: d.regions } : {}),
        ...(began !== undefined ? { began: new Date(began).toISOString() } : {}),
        ...(reasons?.length ? { reasons } : {}),
        evidence: { ...d.evidence, baseline: bt, ...(beforeDay !== undefined ? { ongoing_before_window: true } : {}) },
      };
    });

  const keep = (c: { caller: string; route: string }): boolean =>
    (opts.number === undefined || c.caller === opts.number) && (opts.route === undefined || c.route === opts.route);
  const wCells = cells.filter(keep);
  const bRows = base.byCaller.filter((r) => keep({ caller: r.key, route: r.route }));
  const t = total(wCells);
  const bt = total(bRows);

  const report: PatternsReport = {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timezone: tz },
    totals: { calls: t.calls, blocked: t.blocked, rate: round4(rate(t.blocked, t.calls)), baseline_rate: round4(rate(bt.blocked, bt.calls)) },
    findings,
  };
  const baseByRoute = tallyBy(bRows, (r) => r.route);
  const routes: RouteStat[] = [...tallyBy(wCells, (c) => c.route)]
    .map(([route, x]) => routeStat(route, x, baseByRoute.get(route)))
    .sort((a, b) => b.calls - a.calls);
  const filter = { ...(opts.number !== undefined ? { caller: opts.number } : {}), ...(opts.route !== undefined ? { route: opts.route } : {}) };
  const hourStats: HourStat[] = windowHourTotals(db, from, to, filter).map((x, h) => ({ start: from + h * HOUR, label: hourLabel(h), calls: x.calls, blocked: x.blocked }));
  return { report, routes, hours: hourStats, rollupFolded: folded };
}

function routeStat(route: string, x: Tally, b: Tally | undefined): RouteStat {
  return { route, calls: x.calls, blocked: x.blocked, rate: round4(rate(x.blocked, x.calls)), baseline_rate: round4(b ? rate(b.blocked, b.calls) : 0) };
}

/** The 403 pattern analysis of a window, in the documented JSON shape. */
export function analyze(db: Db, opts: AnalyzeOptions): PatternsReport {
  return analyzeWindow(db, opts).report;
}
