import type { Db } from './db.js';

/** A slice of the calls table: a window and, optionally, one subject. */
export interface Slice {
  fromMs: number;
  toMs: number;
  caller?: string;
  route?: string;
  region?: string;
}

export interface Counts {
  key: string;
  calls: number;
  blocked: number;
  answered: number;
}

const GROUPS = {
  route: 'route',
  caller: 'caller',
  region: 'callee_region',
  hour: 'CAST(start_ms / 3600000 AS INTEGER)',
  reason: "coalesce(sip_code || ' ' || sip_reason, CAST(sip_code AS TEXT))",
  international:
    "CASE WHEN caller_country IS NOT NULL AND callee_country IS NOT NULL AND caller_country <> callee_country THEN 'international' ELSE 'domestic' END",
  e164: "CASE WHEN caller GLOB '+[1-9][0-9][0-9][0-9][0-9][0-9][0-9]*' THEN 'e164' ELSE 'other' END",
} as const;
export type Grouping = keyof typeof GROUPS;

function where(s: Slice): { sql: string; params: unknown[] } {
  const parts = ['start_ms >= ?', 'start_ms < ?'];
  const params: unknown[] = [s.fromMs, s.toMs];
  if (s.caller !== undefined) {
    parts.push('caller = ?');
    params.push(s.caller);
  }
  if (s.route !== undefined) {
    parts.push('route = ?');
    params.push(s.route);
  }
  if (s.region !== undefined) {
    parts.push('callee_region = ?');
    params.push(s.region);
  }
  return { sql: parts.join(' AND '), params };
}

/** Calls, refusals by policy and answered calls in a slice, grouped by one dimension, most blocked first. */
export function countsBy(db: Db, s: Slice, by: Grouping, onlyBlocked = false): Counts[] {
  const w = where(s);
  return db
    .prepare(
      `SELECT ${GROUPS[by]} AS key, count(*) AS calls, sum(blocked) AS blocked,
            sum(CASE WHEN sip_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS answered
       FROM calls WHERE ${w.sql}${onlyBlocked ? ' AND blocked = 1' : ''}
      GROUP BY 1 ORDER BY blocked DESC, calls DESC, key`,
    )
    .all(...w.params)
    .map((r) => {
      const row = r as { key: string | number; calls: number; blocked: number | null; answered: number | null };
      return { key: String(row.key), calls: row.calls, blocked: row.blocked ?? 0, answered: row.answered ?? 0 };
    });
}

export function totals(db: Db, s: Slice): Omit<Counts, 'key'> {
  const w = where(s);
  const r = db
    .prepare(
      `SELECT count(*) AS calls, coalesce(sum(blocked), 0) AS blocked,
            coalesce(sum(CASE WHEN sip_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END), 0) AS answered
       FROM calls WHERE ${w.sql}`,
    )
    .get(...w.params) as Omit<Counts, 'key'>;
  return r;
}

/** Refused calls: how many carried an 18x before the refusal, and the post-dial delays reported. */
export function progressOfRefusals(
  db: Db,
  s: Slice,
): { refused: number; withProgress: number; progressKnown: number; pdd: number[] } {
  const w = where(s);
  const r = db
    .prepare(
      `SELECT count(*) AS refused,
            coalesce(sum(CASE WHEN progress_code BETWEEN 180 AND 189 THEN 1 ELSE 0 END), 0) AS withProgress,
            coalesce(sum(CASE WHEN progress_code IS NOT NULL THEN 1 ELSE 0 END), 0) AS progressKnown
       FROM calls WHERE ${w.sql} AND blocked = 1`,
    )
    .get(...w.params) as { refused: number; withProgress: number; progressKnown: number };
  const pdd = db
    .prepare(
      `SELECT pdd_ms FROM calls WHERE ${w.sql} AND blocked = 1 AND pdd_ms IS NOT NULL ORDER BY pdd_ms LIMIT 5000`,
    )
    .pluck()
    .all(...w.params) as number[];
  return { ...r, pdd };
}

/** Per route: the caller's own calls and refusals, beside every other number's on the same route. */
export function callerVersusOthersByRoute(
  db: Db,
  s: Slice & { caller: string },
): Array<{ route: string; calls: number; blocked: number; otherCalls: number; otherBlocked: number }> {
  const { caller, ...rest } = s;
  const w = where(rest);
  return db
    .prepare(
      `SELECT route,
            sum(CASE WHEN caller = ? THEN 1 ELSE 0 END) AS calls,
            sum(CASE WHEN caller = ? THEN blocked ELSE 0 END) AS blocked,
            sum(CASE WHEN caller <> ? THEN 1 ELSE 0 END) AS otherCalls,
            sum(CASE WHEN caller <> ? THEN blocked ELSE 0 END) AS otherBlocked
       FROM calls WHERE ${w.sql}
      GROUP BY route HAVING calls > 0 ORDER BY blocked DESC, route`,
    )
    .all(caller, caller, caller, caller, ...w.params) as Array<{
    route: string;
    calls: number;
    blocked: number;
    otherCalls: number;
    otherBlocked: number;
  }>;
}

/**
 * Every route in the calls table, by a skip-scan of the route index (one seek per route), so it
 * costs the same on a thousand calls as on ten million.
 */
export function knownRoutes(db: Db): string[] {
  return db
    .prepare(
      `WITH RECURSIVE r(route) AS (
       SELECT (SELECT min(route) FROM calls)
       UNION ALL
       SELECT (SELECT min(route) FROM calls WHERE route > r.route) FROM r WHERE r.route IS NOT NULL
     ) SELECT route FROM r WHERE route IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

export interface RefusedCall {
  startMs: number;
  caller: string;
  callee: string;
  route: string;
  sipCode: number;
  sipReason: string | null;
  q850Cause: number | null;
  callId: string;
}

/** The most recent refusals in a slice, newest first. */
export function recentRefusals(db: Db, s: Slice, limit: number): RefusedCall[] {
  const w = where(s);
  return db
    .prepare(
      `SELECT start_ms AS startMs, caller, callee, route, sip_code AS sipCode, sip_reason AS sipReason, q850_cause AS q850Cause, call_id AS callId
       FROM calls WHERE ${w.sql} AND blocked = 1 ORDER BY start_ms DESC, id DESC LIMIT ?`,
    )
    .all(...w.params, limit) as RefusedCall[];
}
