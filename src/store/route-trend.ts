import type { Db } from './db.js';

export interface RouteDay {
  day: number;
  route: string;
  calls: number;
  blocked: number;
}

/**
 * Calls and refusals per route and UTC day, from the daily rollups (a few hundred rows for a
 * week, whatever the traffic). The analysis folds new calls into them before it reads; call
 * refreshRollups first when nothing else has.
 */
export function routeDays(db: Db, fromDay: number, toDay: number): RouteDay[] {
  return db
    .prepare(
      `SELECT day_ms AS day, route, sum(calls) AS calls, sum(blocked) AS blocked
         FROM rollup_caller_route_day WHERE day_ms >= ? AND day_ms < ? GROUP BY day_ms, route ORDER BY route, day_ms`,
    )
    .all(fromDay, toDay) as RouteDay[];
}
