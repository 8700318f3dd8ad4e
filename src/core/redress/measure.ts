import type { Db } from '../../store/db.js';
import { routeTallies } from '../../store/number-health.js';
import type { RedressRow } from '../../store/redress.js';
import { pct, rate } from '../analysis/stats.js';
import { elevated } from '../analysis/test-rate.js';
import type { Thresholds } from '../analysis/thresholds.js';

/** The checks after a request is submitted, in days. */
export const CHECK_DAYS = [3, 7, 14] as const;

const DAY = 86_400_000;
/** "Before": the week before the submission. "After": the last three days up to the check. */
export const BEFORE_DAYS = 7;
export const AFTER_DAYS = 3;

export interface Tally {
  calls: number;
  blocked: number;
}

export interface CheckResult {
  afterDays: number;
  before: Tally;
  after: Tally;
  routes: Array<{ route: string; before: Tally; after: Tally }>;
  /** Yes, no, or null when too few calls were made after (the number rested) to tell. */
  recovered: boolean | null;
  summary: string;
}

const sum = (xs: Tally[]): Tally =>
  xs.reduce((a, x) => ({ calls: a.calls + x.calls, blocked: a.blocked + x.blocked }), { calls: 0, blocked: 0 });

/**
 * Compares the number's refusal rate per route in the week before the request with the last three
 * days up to the check. Recovered: the after rate no longer passes the digest's own test against
 * the noise floor (test-rate.ts). Too few calls after: no answer, said as such.
 */
export function measure(db: Db, r: RedressRow, afterDays: number, th: Thresholds): CheckResult {
  const sub = r.submittedMs ?? r.createdMs;
  const checkAt = sub + afterDays * DAY;
  const b = routeTallies(db, r.number, sub - BEFORE_DAYS * DAY, sub);
  const a = routeTallies(db, r.number, checkAt - Math.min(AFTER_DAYS, afterDays) * DAY, checkAt);
  const names = [...new Set([...b, ...a].map((x) => x.route))].sort();
  const routes = names.map((route) => ({
    route,
    before: b.find((x) => x.route === route) ?? { calls: 0, blocked: 0 },
    after: a.find((x) => x.route === route) ?? { calls: 0, blocked: 0 },
  }));
  const before = sum(b);
  const after = sum(a);
  const line = (t: Tally): string => `${pct(rate(t.blocked, t.calls))} of ${t.calls}`;
  if (after.calls < th.min_calls) {
    return {
      afterDays,
      before,
      after,
      routes,
      recovered: null,
      summary: `Day ${afterDays}: only ${after.calls} calls in the last ${AFTER_DAYS} days, too few to tell (before: ${line(before)} refused).`,
    };
  }
  const still = elevated(after, 0, th);
  const perRoute = routes
    .filter((x) => x.after.calls > 0)
    .map(
      (x) =>
        `${x.route} ${pct(rate(x.before.blocked, x.before.calls))} -> ${pct(rate(x.after.blocked, x.after.calls))}`,
    )
    .join(', ');
  return {
    afterDays,
    before,
    after,
    routes,
    recovered: !still,
    summary: `Day ${afterDays}: refused ${line(after)} calls (before: ${line(before)}); ${still ? 'still blocked' : 'recovered'}. By route: ${perRoute}.`,
  };
}
