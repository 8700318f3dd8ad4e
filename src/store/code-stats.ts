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
  /** A readable name for the key, e.g. the state of a NANP area code ("TX"). */
  label?: string;
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
  /** How many of the latest calls with the code `reasons` and `causes` were read from. */
  sampled: number;
  reasons: Count[];
  /** Q.850 causes recorded with this code. */
  causes: Count[];
}

const DAY = 86_400_000;

function where(f: CodeFilter): string {
  return f.networkBlocked ? "sip_code = 603 AND sip_reason LIKE '%network%blocked%'" : 'sip_code = @code';
}

/** The calls that got a code, in the week up to `nowMs`, for `/sip <code>`'s "in your data". */
export function codeStats(db: Db, f: CodeFilter, nowMs: number, top = 5, sample = 10_000): CodeStats {
  const p = { code: f.code, now: nowMs, d1: nowMs - DAY, d7: nowMs - 7 * DAY, d14: nowMs - 14 * DAY, top, sample };
  const w = where(f);
  const count = (sql: string, from: number, to: number): number =>
    db
      .prepare(`SELECT count(*) FROM calls WHERE start_ms >= @from AND start_ms < @to${sql}`)
      .pluck()
      .get({ ...p, from, to }) as number;
  const withCode = ` AND ${w}`;
  const totals = {
    total7: count('', p.d7, p.now),
    total24: count('', p.d1, p.now),
    prevTotal: count('', p.d14, p.d7),
    n7: count(withCode, p.d7, p.now),
    n24: count(withCode, p.d1, p.now),
    prev: count(withCode, p.d14, p.d7),
  };

  const simple = (col: string): Count[] =>
    db
      .prepare(
        `SELECT ${col} AS key, count(*) AS calls FROM calls
         WHERE start_ms >= @d7 AND start_ms < @now AND ${w}
         GROUP BY ${col} ORDER BY calls DESC, key LIMIT @top`,
      )
      .all(p) as Count[];

  // Phrases and causes are not in the index: read them, in one pass, from the latest calls with
  // the code only, so a code that hit 500,000 calls costs at most `sample` table lookups.
  const latest = db
    .prepare(
      `SELECT sip_reason AS reason, q850_cause AS cause FROM calls WHERE start_ms >= @d7 AND start_ms < @now AND ${w} ORDER BY start_ms DESC LIMIT @sample`,
    )
    .all(p) as Array<{ reason: string | null; cause: number | null }>;
  const tally = (keys: Array<string | null>): Count[] => {
    const m = new Map<string, number>();
    for (const k of keys) if (k !== null && k !== '') m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()]
      .map(([key, calls]) => ({ key, calls }))
      .sort((a, b) => b.calls - a.calls || (a.key < b.key ? -1 : 1))
      .slice(0, top);
  };

  // Top subjects first from the calls with the code (few), then each one's total from its own
  // index: grouping every call of the week to find five numbers costs 15x more on 250k calls.
  const grouped = (col: 'caller' | 'route'): Array<Count & { total: number }> => {
    const topRows = simple(col);
    const total = db.prepare(`SELECT count(*) FROM calls WHERE ${col} = ? AND start_ms >= ? AND start_ms < ?`).pluck();
    return topRows.map((r) => ({ ...r, total: total.get(r.key, p.d7, p.now) as number }));
  };

  // NANP regions are area codes: name their state (or country, for 876 Jamaica and the like).
  const regionLabel = db.prepare(
    'SELECT callee_state AS state, callee_country AS country FROM calls WHERE callee_region = ? LIMIT 1',
  );

  return {
    last24h: totals.n24,
    last7d: totals.n7,
    total24h: totals.total24,
    total7d: totals.total7,
    prev7d: totals.prev,
    prevTotal7d: totals.prevTotal,
    topCallers: grouped('caller'),
    topRoutes: grouped('route'),
    topRegions: simple('callee_region').map((r) => {
      const label = regionLabel.get(r.key) as { state: string | null; country: string | null } | undefined;
      const name = label?.state ?? (label?.country && label.country !== r.key ? label.country : null);
      return name ? { ...r, label: name } : r;
    }),
    sampled: latest.length,
    reasons: tally(latest.map((r) => r.reason)),
    causes: tally(latest.map((r) => (r.cause === null ? null : String(r.cause)))),
  };
}

/**
 * For `/sip q850 21`: which SIP codes the calls recorded with this cause carried, among the latest
 * `sample` calls of the last 7 days (q850_cause is in no index; a sample bounds the lookups).
 */
export function causeStats(
  db: Db,
  cause: number,
  nowMs: number,
  sample = 20_000,
): { calls: number; total: number; byCode: Count[] } {
  const p = { cause, now: nowMs, d7: nowMs - 7 * DAY, sample };
  const latest = `SELECT sip_code, q850_cause FROM calls WHERE start_ms >= @d7 AND start_ms < @now ORDER BY start_ms DESC LIMIT @sample`;
  const total = db.prepare(`SELECT count(*) FROM (${latest})`).pluck().get(p) as number;
  const byCode = (
    db
      .prepare(
        `SELECT sip_code AS key, count(*) AS calls FROM (${latest}) WHERE q850_cause = @cause GROUP BY sip_code ORDER BY calls DESC, sip_code`,
      )
      .all(p) as Array<{ key: number; calls: number }>
  ).map((r) => ({ key: String(r.key), calls: r.calls }));
  return { calls: byCode.reduce((a, b) => a + b.calls, 0), total, byCode };
}

/** 603s of the last 7 days whose phrase reads "Network Blocked" (603+), for `/sip 603`. */
export function networkBlocked7d(db: Db, nowMs: number): number {
  return db
    .prepare(
      "SELECT count(*) FROM calls WHERE sip_code = 603 AND start_ms >= ? AND start_ms < ? AND sip_reason LIKE '%network%blocked%'",
    )
    .pluck()
    .get(nowMs - 7 * DAY, nowMs) as number;
}
