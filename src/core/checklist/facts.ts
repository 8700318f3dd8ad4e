import type { Ctx } from '../../context.js';
import { callerVersusOthersByRoute, countsBy, progressOfRefusals, totals, type Slice } from '../../store/checklist-facts.js';
import type { Facts } from './machine.js';
import * as p from './probes.js';
import { subjectLabel, subjectOf } from './subject.js';

export const FACTS_DAYS = 7;

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

/**
 * Everything the data can answer for a walkthrough on `subject`, over the last FACTS_DAYS days.
 * Computed once at the start and stored with the walkthrough, so the answers do not shift under
 * the user as new calls arrive, and a button press costs no query.
 */
export function computeFacts(ctx: Ctx, subject: string, days = FACTS_DAYS): Facts {
  const toMs = ctx.clock.now().getTime();
  const fromMs = toMs - days * 86_400_000;
  const since = sinceLabel(fromMs, ctx.config.timeZone);
  const slice = sliceFor(subject, fromMs, toMs);
  const subj = subjectOf(subject);
  const label = subjectLabel(subject);
  const window = { fromMs, toMs };

  const routes = countsBy(ctx.db, slice, 'route');
  const reasons = countsBy(ctx.db, slice, 'reason', true);
  const answered = totals(ctx.db, slice).answered;
  // A number is compared with the window's totals (cheap: the covering index), not number by number.
  const callers = countsBy(ctx.db, slice, 'caller');
  const windowTotals = subj.kind === 'number' ? totals(ctx.db, window) : null;
  // The number the route and volume questions are about: the subject, else the one that stands out.
  const focus = subj.kind === 'number' ? subj.value : p.standouts(callers)[0]?.key ?? null;
  const regions = countsBy(ctx.db, subj.kind === 'region' ? window : slice, 'region');
  const topRegion = subj.kind === 'region' ? subj.value : p.standouts(regions)[0]?.key;
  const topRegionCallers = topRegion ? countsBy(ctx.db, { ...window, region: topRegion }, 'caller').filter((c) => c.blocked > 0).length : 0;
  const hours = focus ? countsBy(ctx.db, { ...window, caller: focus }, 'hour') : [];
  const split = focus ? callerVersusOthersByRoute(ctx.db, { ...window, caller: focus }) : [];

  return {
    subject,
    fromMs,
    toMs,
    probes: {
      trunk_ok: p.trunkOk(routes, label, since),
      account_limits: p.accountLimits(reasons, answered),
      destinations: p.destinations(countsBy(ctx.db, slice, 'international')),
      caller_format: p.callerFormat(callers),
      by_number: windowTotals ? p.numberAgainstOthers(callers[0], subj.value, windowTotals, since) : p.byNumber(callers, null, since),
      by_region: p.byRegion(regions, topRegion ?? null, topRegionCallers, since),
      by_volume: p.byVolume(hours, focus),
      ...(subj.kind === 'route' && !focus
        ? p.routeAlone(countsBy(ctx.db, window, 'route'), subj.value, countsBy(ctx.db, slice, 'caller'))
        : { multi_route: p.multiRoute(split, focus, since), one_route: p.oneRoute(split, focus) }),
      progress: p.progress(progressOfRefusals(ctx.db, slice)),
    },
  };
}
