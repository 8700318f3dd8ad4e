import type { Db } from './db.js';

/** One aggregate cell of a window: a caller's calls on a route into a region. */
export interface CellRow {
  caller: string;
  route: string;
  region: string;
  calls: number;
  blocked: number;
}

/** A caller's calls on a route in one hour of the window (hour = whole hours since `from`). */
export interface HourRow {
  caller: string;
  route: string;
  hour: number;
  calls: number;
  blocked: number;
}

export interface RollupRow {
  day: number;
  key: string;
  route: string;
  calls: number;
  blocked: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Runs a GROUP BY scan with SQLite's default 2 MiB page cache. The sorter sizes its in-memory runs
 * by cache_size: with openDb's 64 MiB it sorts one large run that falls out of the CPU cache, and
 * the same GROUP BY costs ~1.7x the CPU (measured in bench/digest.ts at 10M calls). The cache
 * grows back as soon as the setting is restored.
 */
function withSortCache<T>(db: Db, fn: () => T): T {
  const prev = db.pragma('cache_size', { simple: true }) as number;
  if (prev === -2000) return fn();
  db.pragma('cache_size = -2000');
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${prev}`);
  }
}

/**
 * The window by caller, route and destination region. Both window queries range-scan the covering
 * index calls_by_time, so their cost follows the window's calls, not the history.
 */
export function windowCells(db: Db, from: number, to: number): CellRow[] {
  // One grouping key instead of three: a smaller sorter record (tab never occurs in these fields).
  const stmt = db.prepare(
    `SELECT caller, route, callee_region AS region, count(*) AS calls, sum(blocked) AS blocked
       FROM calls INDEXED BY calls_by_time
      WHERE start_ms >= ? AND start_ms < ?
      GROUP BY caller || char(9) || route || char(9) || callee_region`,
  );
  return withSortCache(db, () => stmt.all(from, to) as CellRow[]);
}

/**
 * The window by caller, route and hour (0 = the first hour after `from`) for a few callers and
 * routes only: the scan reads the day's covering index but sorts only the matching rows.
 */
export function windowHoursFor(db: Db, from: number, to: number, callers: readonly string[], routes: readonly string[]): HourRow[] {
  if (callers.length === 0 && routes.length === 0) return [];
  const terms: string[] = [];
  if (callers.length) terms.push(`caller IN (${callers.map(() => '?').join(', ')})`);
  if (routes.length) terms.push(`route IN (${routes.map(() => '?').join(', ')})`);
  const stmt = db.prepare(
    `SELECT caller, route, (start_ms - CAST(? AS INTEGER)) / ${HOUR} AS hour, count(*) AS calls, sum(blocked) AS blocked
       FROM calls INDEXED BY calls_by_time
      WHERE start_ms >= ? AND start_ms < ? AND (${terms.join(' OR ')})
      GROUP BY caller, route, hour`,
  );
  return withSortCache(db, () => stmt.all(from, from, to, ...callers, ...routes) as HourRow[]);
}

/**
 * Calls and refusals per hour of the window, optionally for one caller and/or route: one index
 * range count per hour, which needs no sort at all.
 */
export function windowHourTotals(db: Db, from: number, to: number, filter: { caller?: string; route?: string } = {}): Array<{ calls: number; blocked: number }> {
  const extra = `${filter.caller !== undefined ? ' AND caller = @caller' : ''}${filter.route !== undefined ? ' AND route = @route' : ''}`;
  const stmt = db.prepare(
    `SELECT count(*) AS calls, coalesce(sum(blocked), 0) AS blocked FROM calls INDEXED BY calls_by_time WHERE start_ms >= @a AND start_ms < @b${extra}`,
  );
  const out: Array<{ calls: number; blocked: number }> = [];
  for (let a = from; a < to; a += HOUR) {
    out.push(stmt.get({ a, b: Math.min(a + HOUR, to), ...filter }) as { calls: number; blocked: number });
  }
  return out;
}

/**
 * Folds calls stored since the last run into the daily rollups (new rows only, by rowid), in
 * chunks so one transaction never holds the write lock for long. Returns the calls folded in.
 * Calls are only ever added, so an upsert that adds counts keeps the rollups exact.
 */
export function refreshRollups(db: Db, chunk = 500_000): number {
  const state = db.prepare('SELECT last_call_id FROM rollup_state WHERE id = 1').pluck();
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM calls').pluck();
  const byCaller = db.prepare(
    `INSERT INTO rollup_caller_route_day (day_ms, caller, route, calls, blocked)
     SELECT (start_ms / ${DAY}) * ${DAY}, caller, route, count(*), sum(blocked)
       FROM calls WHERE id > ? AND id <= ? GROUP BY 1, 2, 3
     ON CONFLICT (day_ms, caller, route) DO UPDATE SET calls = calls + excluded.calls, blocked = blocked + excluded.blocked`,
  );
  const byRegion = db.prepare(
    `INSERT INTO rollup_region_route_day (day_ms, callee_region, route, calls, blocked)
     SELECT (start_ms / ${DAY}) * ${DAY}, callee_region, route, count(*), sum(blocked)
       FROM calls WHERE id > ? AND id <= ? GROUP BY 1, 2, 3
     ON CONFLICT (day_ms, callee_region, route) DO UPDATE SET calls = calls + excluded.calls, blocked = blocked + excluded.blocked`,
  );
  const advance = db.prepare('UPDATE rollup_state SET last_call_id = ? WHERE id = 1 AND last_call_id = ?');
  let folded = 0;
  for (;;) {
    const done = db.transaction((): number => {
      const last = (state.get() as number | undefined) ?? 0;
      const top = Math.min(maxId.get() as number, last + chunk);
      if (top <= last) return 0;
      byCaller.run(last, top);
      byRegion.run(last, top);
      advance.run(top, last);
      return top - last;
    }).immediate();
    if (done === 0) return folded;
    folded += done;
  }
}

/** Baseline by caller and route per UTC day, for days with fromDay <= day_ms < toDay. */
export function rollupByCaller(db: Db, fromDay: number, toDay: number): RollupRow[] {
  return db
    .prepare('SELECT day_ms AS day, caller AS key, route, calls, blocked FROM rollup_caller_route_day WHERE day_ms >= ? AND day_ms < ?')
    .all(fromDay, toDay) as RollupRow[];
}

/** Baseline by destination region and route per UTC day. */
export function rollupByRegion(db: Db, fromDay: number, toDay: number): RollupRow[] {
  return db
    .prepare('SELECT day_ms AS day, callee_region AS key, route, calls, blocked FROM rollup_region_route_day WHERE day_ms >= ? AND day_ms < ?')
    .all(fromDay, toDay) as RollupRow[];
}

/** Baseline straight from calls, for a database the analysis may not write to (no rollups). */
export function baselineFromCalls(db: Db, from: number, to: number): { byCaller: RollupRow[]; byRegion: RollupRow[] } {
  const q = (col: string): RollupRow[] =>
    db
      .prepare(
        `SELECT (start_ms / ${DAY}) * ${DAY} AS day, ${col} AS key, route, count(*) AS calls, sum(blocked) AS blocked
           FROM calls INDEXED BY calls_by_time WHERE start_ms >= ? AND start_ms < ? GROUP BY 1, 2, 3`,
      )
      .all(from, to) as RollupRow[];
  return { byCaller: q('caller'), byRegion: q('callee_region') };
}

export interface ReasonRow {
  code: number;
  reason: string | null;
  count: number;
}

export type SubjectKind = 'number' | 'route' | 'region' | 'account';

/**
 * The SIP codes and reason phrases of a subject's refusals in the window, from a sample of at
 * most `limit` refused calls (the phrases are not in the covering index, so sampling bounds the
 * table lookups for a route refusing hundreds of thousands of calls).
 */
export function refusalReasons(
  db: Db, kind: SubjectKind, subject: string, from: number, to: number, limit = 2000, routes?: readonly string[],
): ReasonRow[] {
  // The index that narrows to the subject first; the planner has no statistics to choose by.
  const index = { number: 'calls_by_caller', route: 'calls_by_route', region: 'calls_by_region', account: 'calls_by_time' }[kind];
  let where = kind === 'number' ? 'caller = ? AND ' : kind === 'route' ? 'route = ? AND ' : kind === 'region' ? 'callee_region = ? AND ' : '';
  const params: Array<string | number> = kind === 'account' ? [] : [subject];
  if (routes?.length) {
    where += `route IN (${routes.map(() => '?').join(', ')}) AND `;
    params.push(...routes);
  }
  params.push(from, to, limit);
  return db
    .prepare(
      `SELECT sip_code AS code, sip_reason AS reason, count(*) AS count FROM (
         SELECT sip_code, sip_reason FROM calls INDEXED BY ${index} WHERE ${where}start_ms >= ? AND start_ms < ? AND blocked = 1 LIMIT ?
       ) GROUP BY sip_code, sip_reason ORDER BY count DESC`,
    )
    .all(...params) as ReasonRow[];
}
