import type { Ctx } from '../../context.js';
import { analyze, type Finding } from '../analysis/index.js';
import {
  callerVersusOthersByRoute,
  countsBy,
  progressOfRefusals,
  totals,
  type Counts,
  type Slice,
} from '../../store/checklist-facts.js';
import type { Facts } from './machine.js';
import { agreeWithFinding } from './finding-probes.js';
import * as p from './probes.js';
import { subjectLabel, subjectOf } from './subject.js';
import { localDate, localDayWindow, previousDate } from '../digest/day-window.js';

/** The window when the analysis has no finding on the subject since yesterday: whole local days. */
export const FACTS_DAYS = 7;

/** A window of calls: [fromMs, toMs). */
export interface FactsWindow {
  fromMs: number;
  toMs: number;
}

/** The start of the local day `days` days before today's, in the zone: calendar days, like the digest. */
export function localDaysBack(now: Date, days: number, timeZone: string): number {
  let date = localDate(now, timeZone);
  for (let i = 0; i < days; i++) date = previousDate(date);
  return localDayWindow(date, timeZone).from.getTime();
}

function sliceFor(subject: string, fromMs: number, toMs: number): Slice {
  const s = subjectOf(subject);
  if (s.kind === 'number') return { fromMs, toMs, caller: s.value };
  if (s.kind === 'route') return { fromMs, toMs, route: s.value };
  if (s.kind === 'region') return { fromMs, toMs, region: s.value };
  return { fromMs, toMs };
}

export function sinceLabel(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone }).format(new Date(ms));
}

/** How the window reads: `on Nov 20` for exactly one local day (a digest's), else `since Nov 20`. */
export function windowLabel(w: FactsWindow, timeZone: string): string {
  const date = localDate(new Date(w.fromMs), timeZone);
  const day = localDayWindow(date, timeZone);
  const whole = day.from.getTime() === w.fromMs && day.to.getTime() === w.toMs;
  return `${whole ? 'on' : 'since'} ${sinceLabel(w.fromMs, timeZone)}`;
}

/** analyze()'s finding on the subject itself over the window, if any (the digest's verdict for it). */
export function findingFor(ctx: Ctx, subject: string, fromMs: number, toMs: number): Finding | undefined {
  const s = subjectOf(subject);
  const scope =
    s.kind === 'number'
      ? { number: s.value }
      : s.kind === 'route'
        ? { route: s.value }
        : s.kind === 'region'
          ? { region: s.value }
          : {};
  try {
    const report = analyze(ctx.db, {
      from: new Date(fromMs),
      to: new Date(toMs),
      timeZone: ctx.config.timeZone,
      reasons: false,
      ...scope,
    });
    return report.findings.find((f) => f.kind === s.kind && f.subject === s.value);
  } catch (err) {
    // The checklist still works on its own probes; the failure is logged, not shown.
    ctx.log.warn({ err, subject }, 'analysis for checklist facts failed');
    return undefined;
  }
}

/**
 * Everything the data can answer for a walkthrough on `subject`. The window is the one given (a
 * digest's day, from its button), else since the start of yesterday (local calendar days in the
 * configured zone, as the digest counts them) when analyze() finds the subject there, else the
 * last `days` local days; with a finding, the pattern and route answers agree with its verdict
 * (finding-probes.ts). Computed once at the start and stored with the walkthrough, so the answers
 * do not shift under the user as new calls arrive, and a button press costs no query.
 */
export function computeFacts(ctx: Ctx, subject: string, days = FACTS_DAYS, window?: FactsWindow): Facts {
  if (window)
    return factsOver(
      ctx,
      subject,
      window.fromMs,
      window.toMs,
      findingFor(ctx, subject, window.fromMs, window.toMs),
      windowLabel(window, ctx.config.timeZone),
    );
  const now = ctx.clock.now();
  const toMs = now.getTime();
  const tz = ctx.config.timeZone;
  for (const d of [...new Set([1, days])]) {
    const fromMs = localDaysBack(now, d, tz);
    const finding = findingFor(ctx, subject, fromMs, toMs);
    if (finding) return factsOver(ctx, subject, fromMs, toMs, finding);
  }
  return factsOver(ctx, subject, localDaysBack(now, days, tz), toMs);
}

/**
 * The routes the set-up question is about: a finding that is not about set-up names the routes
 * it saw the pattern on, and a route broken for every number (its own finding) is not this one.
 */
function routesOf(routes: Counts[], finding: Finding | undefined): Counts[] {
  if (
    !finding ||
    finding.verdict === 'configuration' ||
    finding.verdict === 'insufficient_data' ||
    !finding.routes.length
  )
    return routes;
  return routes.filter((r) => finding.routes.includes(r.key));
}

/** `windowWords`: the window in words; a window that runs up to now reads `since <its first day>`. */
function factsOver(
  ctx: Ctx,
  subject: string,
  fromMs: number,
  toMs: number,
  finding?: Finding,
  windowWords?: string,
): Facts {
  const since = windowWords ?? `since ${sinceLabel(fromMs, ctx.config.timeZone)}`;
  const slice = sliceFor(subject, fromMs, toMs);
  const subj = subjectOf(subject);
  const label = subjectLabel(subject);
  const window = { fromMs, toMs };

  // No calls at all: every probe would say "No calls for ..."; say it once instead.
  if (totals(ctx.db, slice).calls === 0) {
    return {
      subject,
      fromMs,
      toMs,
      probes: {},
      label: since,
      noCalls: `No calls for ${label} ${since}, so the data answers none of the steps: answer each from what you know. Load calls with \`sipbot ingest FILE\` or POST /api/v1/calls.`,
    };
  }
  const routes = countsBy(ctx.db, slice, 'route');
  const reasons = countsBy(ctx.db, slice, 'reason', true);
  const answered = totals(ctx.db, slice).answered;
  // A number is compared with the window's totals (cheap: the covering index), not number by number.
  const callers = countsBy(ctx.db, slice, 'caller');
  const windowTotals = subj.kind === 'number' ? totals(ctx.db, window) : null;
  // The number the route and volume questions are about: the subject, else the one that stands out.
  const focus = subj.kind === 'number' ? subj.value : (p.standouts(callers)[0]?.key ?? null);
  const regions = countsBy(ctx.db, subj.kind === 'region' ? window : slice, 'region');
  const topRegion = subj.kind === 'region' ? subj.value : p.standouts(regions)[0]?.key;
  const topRegionCallers = topRegion
    ? countsBy(ctx.db, { ...window, region: topRegion }, 'caller').filter((c) => c.blocked > 0).length
    : 0;
  const hours = focus ? countsBy(ctx.db, { ...window, caller: focus }, 'hour') : [];
  const split = focus ? callerVersusOthersByRoute(ctx.db, { ...window, caller: focus }) : [];

  const probes: Facts['probes'] = {
    trunk_ok: p.trunkOk(routesOf(routes, finding), label, since),
    account_limits: p.accountLimits(reasons, answered),
    destinations: p.destinations(countsBy(ctx.db, slice, 'international')),
    caller_format: p.callerFormat(callers),
    by_number: windowTotals
      ? p.numberAgainstOthers(callers[0], subj.value, windowTotals, since)
      : p.byNumber(callers, null, since),
    by_region: p.byRegion(regions, topRegion ?? null, topRegionCallers, since),
    by_volume: p.byVolume(hours, focus),
    ...(subj.kind === 'route' && !focus
      ? p.routeAlone(countsBy(ctx.db, window, 'route'), subj.value, countsBy(ctx.db, slice, 'caller'))
      : { multi_route: p.multiRoute(split, focus, since), one_route: p.oneRoute(split, focus) }),
    progress: p.progress(progressOfRefusals(ctx.db, slice)),
  };
  return {
    subject,
    fromMs,
    toMs,
    label: since,
    ...(finding ? { finding: { verdict: finding.verdict, summary: finding.summary } } : {}),
    probes: finding ? agreeWithFinding(probes, finding, since) : probes,
  };
}
