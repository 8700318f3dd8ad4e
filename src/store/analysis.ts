import type { Db } from './db.js';
import { rollbackIfOpen, tryBeginImmediate } from './write-lock.js';

/** One aggregate cell of a window: a caller's calls on a route into a region. */
export interface CellRow {
  caller: string;
  route: string;
  region: string;
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

const DAY = 86_400_000;

/**
 * The window as a cube: calls and refusals per (caller, route, destination region) cell and per
 * time bucket. `data[(cell * buckets + b) * 2]` is the cell's calls in bucket b, `+ 1` its refusals.
 */
export interface CubeData {
  from: number;
  bucketMs: number;
  buckets: number;
  callers: string[];
  routes: string[];
  regions: string[];
  /** Per cell: indexes into callers / routes / regions. */
  cellCaller: number[];
  cellRoute: number[];
  cellRegion: number[];
  data: Int32Array;
}

/**
 * One read of the window's calls from the covering index calls_by_time, aggregated here instead
 * of by a GROUP BY: every view the analysis needs (cells over any span of hours, each subject's
 * hourly series) comes out of this one pass, with no sort. Measured at 400k calls: about 1.7x
 * the CPU of the plain GROUP BY caller, route, region that it replaces, and it also replaces the
 * 24 hourly range counts and the suspects' hour scan.
 */
export function windowCube(db: Db, from: number, to: number, bucketMs: number): CubeData {
  const buckets = Math.max(1, Math.ceil((to - from) / bucketMs));
  const stmt = db
    .prepare(
      `SELECT caller || char(9) || route || char(9) || callee_region, ((start_ms - CAST(? AS INTEGER)) / ${bucketMs}) * 2 + blocked
       FROM calls INDEXED BY calls_by_time WHERE start_ms >= ? AND start_ms < ?`,
    )
    .raw(true);
  const cube: CubeData = {
    from,
    bucketMs,
    buckets,
    callers: [],
    routes: [],
    regions: [],
    cellCaller: [],
    cellRoute: [],
    cellRegion: [],
    data: new Int32Array(0),
  };
  const ids = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()] as const;
  const names = [cube.callers, cube.routes, cube.regions] as const;
  const intern = (i: 0 | 1 | 2, v: string): number => {
    let id = ids[i].get(v);
    if (id === undefined) {
      id = names[i].length;
      ids[i].set(v, id);
      names[i].push(v);
    }
    return id;
  };
  const cells = new Map<string, number>();
  const stride = buckets * 2;
  let data = new Int32Array(stride * 256);
  for (const row of stmt.iterate(from, from, to) as Iterable<[string, number]>) {
    const key = row[0];
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = cells.size;
      cells.set(key, cell);
      const [caller = '', route = '', region = ''] = key.split('\t');
      cube.cellCaller.push(intern(0, caller));
      cube.cellRoute.push(intern(1, route));
      cube.cellRegion.push(intern(2, region));
      if ((cell + 1) * stride > data.length) {
        const grown = new Int32Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
    }
    const v = row[1];
    const at = cell * stride + (v & ~1);
    data[at]! += 1;
    data[at + 1]! += v & 1;
  }
  cube.data = data.subarray(0, cells.size * stride);
  return cube;
}

/**
 * Folds calls stored since the last run into the daily rollups (new rows only, by rowid), in
 * chunks so one transaction never holds the write lock for long. Returns the calls folded in.
 * Calls are only ever added, so an upsert that adds counts keeps the rollups exact.
 *
 * Folding is a cache, never worth waiting for: with nothing new it takes no lock at all, and
 * while another connection holds the write lock it throws SQLITE_BUSY at once (callers scan
 * the calls instead) rather than sleep in the busy handler, which in a command thread would
 * hold every read-only answer behind a bulk ingest for as long as its lock.
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
    if (((state.get() as number | undefined) ?? 0) >= (maxId.get() as number)) return folded;
    if (!tryBeginImmediate(db))
      throw Object.assign(new Error('database is locked: rollups not folded'), { code: 'SQLITE_BUSY' });
    let done = 0;
    try {
      const last = (state.get() as number | undefined) ?? 0;
      const top = Math.min(maxId.get() as number, last + chunk);
      if (top > last) {
        byCaller.run(last, top);
        byRegion.run(last, top);
        advance.run(top, last);
        done = top - last;
      }
      db.exec('COMMIT');
    } catch (e) {
      rollbackIfOpen(db);
      throw e;
    }
    if (done === 0) return folded;
    folded += done;
  }
}

/** Baseline by caller and route per UTC day, for days with fromDay <= day_ms < toDay. */
export function rollupByCaller(db: Db, fromDay: number, toDay: number): RollupRow[] {
  return db
    .prepare(
      'SELECT day_ms AS day, caller AS key, route, calls, blocked FROM rollup_caller_route_day WHERE day_ms >= ? AND day_ms < ?',
    )
    .all(fromDay, toDay) as RollupRow[];
}

/** Baseline by destination region and route per UTC day. */
export function rollupByRegion(db: Db, fromDay: number, toDay: number): RollupRow[] {
  return db
    .prepare(
      'SELECT day_ms AS day, callee_region AS key, route, calls, blocked FROM rollup_region_route_day WHERE day_ms >= ? AND day_ms < ?',
    )
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
  db: Db,
  kind: SubjectKind,
  subject: string,
  from: number,
  to: number,
  limit = 2000,
  routes?: readonly string[],
): ReasonRow[] {
  // The index that narrows to the subject first; the planner has no statistics to choose by.
  const index = {
    number: 'calls_by_caller',
    route: 'calls_by_route',
    region: 'calls_by_region',
    account: 'calls_by_time',
  }[kind];
  let where =
    kind === 'number'
      ? 'caller = ? AND '
      : kind === 'route'
        ? 'route = ? AND '
        : kind === 'region'
          ? 'callee_region = ? AND '
          : '';
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
