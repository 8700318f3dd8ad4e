import { pct } from '../analysis/stats.js';
import type { RedressCheck, RedressRow } from '../../store/redress.js';
import type { Episode } from './episodes.js';
import { VERDICT_INFO } from '../analysis/verdicts.js';

export const ACTIONS = ['keep', 'rest', 'remediate', 'retire'] as const;
export type Action = (typeof ACTIONS)[number];

export interface Recommendation {
  action: Action;
  why: string;
}

export const ACTION_LABEL: Record<Action, string> = {
  keep: 'keep using it',
  rest: 'rest it',
  remediate: 'remediate it',
  retire: 'retire it',
};

const DAY = 86_400_000;
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface RecommendInput {
  nowMs: number;
  episodes: Episode[];
  /** Calls per day over the last 7 days against its normal (median of the days before). */
  volume: { recentPerDay: number; normalPerDay: number | null };
  recentRate: number;
  redress: RedressRow[];
  checks: Map<number, RedressCheck[]>;
  engine: string | null;
}

/** A check's verdict, as the follow-up stored it. */
function recovered(c: RedressCheck): boolean {
  return (JSON.parse(c.resultJson) as { recovered?: boolean }).recovered === true;
}

/**
 * One plain recommendation with its reason, from the analysis's verdicts on the number's days.
 * Keep: not refused now, or refused because a route refuses every number (configuration) or a
 * destination refuses many numbers (destination policy): fix that, not the number. Retire: still
 * refused after a redress request was rejected or did not lift the block by its 14-day check.
 * Rest: a redress request is in flight, its refusals concentrate in its busy hours (velocity), or
 * it runs at three times its own normal volume (a burst is what analytics engines flag).
 * Remediate: refused now, nothing tried yet.
 */
export function recommend(i: RecommendInput): Recommendation {
  const open = i.episodes.find((e) => e.recovered === null);
  const last = i.episodes.at(-1);
  if (!open) {
    if (last?.recoveredDate != null)
      return {
        action: 'keep',
        why: `Refusals ended on ${last.recoveredDate} (${VERDICT_INFO[last.verdict].label} since ${last.beganDate}). Keep its volume near its normal and watch the next days.`,
      };
    return { action: 'keep', why: 'No refusal episode in the window: nothing to fix.' };
  }
  const since = `since ${open.beganDate} (${Math.max(1, Math.round((i.nowMs - open.began) / DAY))} days)`;
  if (open.verdict === 'configuration') {
    return {
      action: 'keep',
      why: `${open.routes.join(', ')} refuses other numbers too ${since}: fix the route (\`/sip check ${open.routes[0] ?? ''}\`), not the number.`,
    };
  }
  if (open.verdict === 'destination_policy') {
    return {
      action: 'keep',
      why: `Its refusals go to destinations that refuse other numbers too ${since} (${VERDICT_INFO[open.verdict].label}): check the account's destination permissions, not the number.`,
    };
  }
  const failed = i.redress.filter(
    (r) =>
      r.submittedMs !== null &&
      r.submittedMs >= open.began - 7 * DAY &&
      (r.status === 'rejected' || (i.checks.get(r.id) ?? []).some((c) => c.afterDays >= 14 && !recovered(c))),
  );
  if (failed.length) {
    const f = failed[0]!;
    return {
      action: 'retire',
      why: `Refused ${since} and redress #${f.id} to ${f.engine} ${f.status === 'rejected' ? 'was rejected' : 'did not lift it by day 14'}. Retire it: move its campaign to a number with a clean history.`,
    };
  }
  const pending = i.redress.find(
    (r) =>
      r.status === 'submitted' && r.submittedMs !== null && !(i.checks.get(r.id) ?? []).some((c) => c.afterDays >= 14),
  );
  if (pending) {
    return {
      action: 'rest',
      why: `Redress #${pending.id} to ${pending.engine} was submitted on ${date(pending.submittedMs!)}: rest the number until its checks (days 3, 7, 14) say whether the block lifted.`,
    };
  }
  if (open.verdict === 'velocity') {
    return {
      action: 'rest',
      why: `Its refusals concentrate in its busiest hours ${since} (${VERDICT_INFO[open.verdict].label}): rest it or spread its calls over the day, then file redress if refusals stay.`,
    };
  }
  const { recentPerDay, normalPerDay } = i.volume;
  if (normalPerDay !== null && normalPerDay > 0 && recentPerDay >= 3 * normalPerDay) {
    return {
      action: 'rest',
      why: `It ran ${Math.round(recentPerDay)} calls a day against its normal ${Math.round(normalPerDay)} (${(recentPerDay / normalPerDay).toFixed(1)}x) and is refused ${pct(i.recentRate)} ${since}: bursts are what analytics engines flag. Rest it or spread the volume, then file redress if refusals stay.`,
    };
  }
  return {
    action: 'remediate',
    why: `Refused ${pct(i.recentRate)} on ${open.routes.join(', ')} ${since} (${VERDICT_INFO[open.verdict].label}). Ask ${i.engine ?? 'the analytics engines'} to review it: \`/sip redress\` prepares the request.`,
  };
}
