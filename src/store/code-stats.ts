import type { Db } from './db.js';

/** Which calls a code's "in your data" counts: one SIP code, or 603 with the 603+ phrase. */
export interface CodeFilter {
  code: number;
  /** Only 603 "Network Blocked" (603+). */
  networkBlocked?: boolean;
}

export interface Count {
  key: string;
  calls: number;
}

export interface CodeStats {
  /** Calls with this code in the last 24 h / 7 days, and all calls in the same windows. */
  last24h: number;
  last7d: number;
  total24h: number;
  total7d: number;
  /** Calls with this code in the 7 days before the last 7. */
  prev7d: number;
  prevTotal7d: number;
  topCallers: Array<Count & { total: number }>;
  topRoutes: Array<Count & { total: number }>;
  topRegions: Count[];
  reasons: Count[];
  /** Q.850 causes recorded with this code. */
  causes: Count[];
}

const DAY = 86_400_000;

function where(f: CodeFilter): string {
  return f.networkBlocked ? "sip_code = 603 AND sip_reason LIKE '%network%blocked%'" : 'sip_code = @code';
}

/** The calls that got a code, in the week up to `nowMs`, for `/sip <code>`'s "in your data". */
export function codeStats(db: Db, f: CodeFilter, nowMs: number, top = 5): CodeStats {
  const p = { code: f.code, now: nowMs, d1: nowMs - DAY, d7: nowMs - 7 * DAY, d14: nowMs - 14 * DAY, top };
  const w = where(f);
  const totals = db
    .prepare(
      `SELECT
         coalesce(sum(start_ms >= @d7), 0) AS total7,
         coalesce(sum(start_ms >= @d1), 0) AS total24,
         coalesce(sum(start_ms >= @d7 AND ${w}), 0) AS n7,
         coalesce(sum(start_ms >= @d1 AND ${w}), 0) AS n24,
         coalesce(sum(start_ms < @d7), 0) AS prevTotal,
         coalesce(sum(start_ms < @d7 AND ${w}), 0) AS prev
       FROM calls WHERE start_ms >= @d14 AND start_ms < @now`,
    )
    .get(p) as { total7: number; total24: number; n7: number; n24: number; prevTotal: number; prev: number };

  const grouped = (col: string): Array<Count & { total: number }> =>
    db
      .prepare(
        `SELECT ${col} AS key, sum(${w}) AS calls, count(*) AS total
         FROM calls WHERE start_ms >= @d7 AND start_ms < @now
         GROUP BY ${col} HAVING calls > 0 ORDER BY calls DESC, key LIMIT @top`,
      )
      .all(p) as Array<Count & { total: number }>;

  const simple = (col: string, extra = ''): Count[] =>
    db
      .prepare(
        `SELECT ${col} AS key, count(*) AS calls FROM calls
         WHERE start_ms >= @d7 AND start_ms < @now AND ${w} ${extra}
         GROUP BY ${col} ORDER BY calls DESC, key LIMIT @top`,
      )
      .all(p) as Count[];

  return {
    last24h: totals.n24,
    last7d: totals.n7,
    total24h: totals.total24,
    total7d: totals.total7,
    prev7d: totals.prev,
    prevTotal7d: totals.prevTotal,
    topCallers: grouped('caller'),
    topRoutes: grouped('route'),
    topRegions: simple('callee_region'),
    reasons: simple("coalesce(sip_reason, '')").filter((r) => r.key !== ''),
    causes: (simple('q850_cause', 'AND q850_cause IS NOT NULL') as Array<{ key: unknown; calls: number }>).map((c) => ({ key: String(c.key), calls: c.calls })),
  };
}

/** For `/sip q850 21`: which SIP codes the calls recorded with this cause carried, last 7 days. */
export function causeStats(db: Db, cause: number, nowMs: number): { calls: number; total: number; byCode: Count[] } {
  const p = { cause, now: nowMs, d7: nowMs - 7 * DAY };
  const total = db.prepare('SELECT count(*) FROM calls WHERE start_ms >= @d7 AND start_ms < @now').pluck().get(p) as number;
  const byCode = (db
    .prepare(
      `SELECT sip_code AS key, count(*) AS calls FROM calls
       WHERE start_ms >= @d7 AND start_ms < @now AND q850_cause = @cause
       GROUP BY sip_code ORDER BY calls DESC, sip_code`,
    )
    .all(p) as Array<{ key: number; calls: number }>).map((r) => ({ key: String(r.key), calls: r.calls }));
  return { calls: byCode.reduce((a, b) => a + b.calls, 0), total, byCode };
}
