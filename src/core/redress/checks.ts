import type { Ctx } from '../../context.js';
import type { Db } from '../../store/db.js';
import { createEscalationOnce } from '../../store/escalations.js';
import {
  claimCheck,
  listChecks,
  setRedressEscalation,
  submittedRedress,
  type RedressRow,
} from '../../store/redress.js';
import { defaultThresholds } from '../analysis/thresholds.js';
import { buildBundle } from '../escalation/bundle.js';
import { enqueueCreated } from '../escalation/notify.js';
import { CHECK_DAYS, measure, type CheckResult } from './measure.js';

/**
 * The redress follow-up's database work, as operations of src/workers/ops.ts. The measure and the
 * escalation (whose bundle runs the analysis) are heavy: in `serve` they run in a command thread.
 */

const DAY = 86_400_000;
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A submitted request and the checks (days after submission) due and not yet made. */
export interface DueChecks {
  request: RedressRow;
  days: number[];
}

export function dueChecks(db: Db, nowMs: number): DueChecks[] {
  const due: DueChecks[] = [];
  for (const r of submittedRedress(db, nowMs - CHECK_DAYS[0] * DAY)) {
    if (r.status === 'rejected') continue;
    const done = new Set(listChecks(db, r.id).map((c) => c.afterDays));
    const days = CHECK_DAYS.filter((d) => !done.has(d) && nowMs >= r.submittedMs! + d * DAY);
    if (days.length) due.push({ request: r, days });
  }
  return due;
}

/** Measures one check and claims it: null when another tick or process made it first. */
export function measureCheck(db: Db, r: RedressRow, afterDays: number, nowMs: number): CheckResult | null {
  const result = measure(db, r, afterDays, defaultThresholds());
  return claimCheck(db, r.id, afterDays, JSON.stringify(result), nowMs) ? result : null;
}

function history(r: RedressRow, results: CheckResult[]): string {
  return [
    `Redress #${r.id} for ${r.number} to ${r.engine}, prepared ${date(r.createdMs)}, submitted ${r.submittedMs ? date(r.submittedMs) : '?'}${r.reference ? `, ref ${r.reference}` : ''}.`,
    ...results.map((x) => x.summary),
  ].join('\n');
}

/** Not lifted by the last check: an escalation to expert review carrying the whole history. Returns its id. */
export function escalateRedress(ctx: Ctx, r: RedressRow): number {
  const now = ctx.clock.now();
  const results = listChecks(ctx.db, r.id).map((c) => JSON.parse(c.resultJson) as CheckResult);
  const note = history(r, results);
  const platform = r.platform ?? 'cli';
  const { row } = createEscalationOnce(
    ctx.db,
    {
      subject: r.number,
      urgency: 'high',
      note,
      contact: null,
      requesterPlatform: platform,
      requesterId: 'sipbot',
      requesterName: 'sipbot (redress follow-up)',
      channelId: r.channelId ?? '',
      threadId: r.threadId,
      teamId: null,
      walkthroughId: null,
    },
    now.getTime(),
    0,
    (id) =>
      JSON.stringify(
        buildBundle(
          ctx,
          {
            id,
            subject: r.number,
            urgency: 'high',
            note,
            contact: null,
            requested_by: 'sipbot',
            where: `redress #${r.id}`,
            created_at: now.toISOString(),
          },
          null,
        ),
      ),
    (e, eventId) => enqueueCreated(ctx, e, eventId),
    `redress-${r.id}`,
  );
  setRedressEscalation(ctx.db, r.id, row.id);
  return row.id;
}
