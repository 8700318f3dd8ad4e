import type { Db } from './db.js';

/**
 * Which calls `sipbot calls` and `/sip calls` list: a window, at most one subject, optionally a
 * SIP code (`603+` is 603 "Network Blocked") and/or only refusals by policy.
 */
export interface CallFilter {
  fromMs: number;
  toMs: number;
  caller?: string;
  route?: string;
  region?: string;
  code?: { code: number; networkBlocked?: boolean };
  blocked?: boolean;
}

export interface ListedCall {
  startMs: number;
  caller: string;
  callee: string;
  route: string;
  region: string;
  sipCode: number;
  sipReason: string | null;
  q850Cause: number | null;
  callId: string;
  source: string;
  /** What tells this call's attempts apart (an Asterisk row's dstchannel|lastdata|...); '' when the id alone does. */
  attempt: string;
  /**
   * With `ordinals`: this attempt's place among the stored attempts of its call id (by start, then
   * arrival) and how many there are, so a page can say `#2/3` only where an id repeats.
   */
  attemptNo?: number;
  attempts?: number;
}

/**
 * The WHERE clause and the index that narrows to it first. SQLite has no statistics here (no
 * ANALYZE), so the subject's index is named: a number's calls are a range of calls_by_caller,
 * never a scan of the window. Every index ends in start_ms, so the order below needs no sort.
 */
function plan(f: CallFilter): { index: string; where: string; params: Array<string | number> } {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  let index = 'calls_by_time';
  if (f.caller !== undefined) {
    index = 'calls_by_caller';
    parts.push('caller = ?');
    params.push(f.caller);
  }
  if (f.route !== undefined) {
    if (index === 'calls_by_time') index = 'calls_by_route';
    parts.push('route = ?');
    params.push(f.route);
  }
  if (f.region !== undefined) {
    if (index === 'calls_by_time') index = 'calls_by_region';
    parts.push('callee_region = ?');
    params.push(f.region);
  }
  if (f.code !== undefined) {
    if (index === 'calls_by_time') index = 'calls_by_code';
    parts.push('sip_code = ?');
    params.push(f.code.code);
    if (f.code.networkBlocked) parts.push("sip_reason LIKE '%network%blocked%'");
  }
  if (f.blocked) parts.push('blocked = 1');
  parts.push('start_ms >= ?', 'start_ms < ?');
  params.push(f.fromMs, f.toMs);
  return { index, where: parts.join(' AND '), params };
}

const COLUMNS = `start_ms AS startMs, caller, callee, route, callee_region AS region, sip_code AS sipCode,
  sip_reason AS sipReason, q850_cause AS q850Cause, call_id AS callId, source, attempt`;

/**
 * Two lookups per listed row in UNIQUE (source, call_id, attempt): cheap for a page, left out of
 * the CSV stream (which writes the attempt itself).
 */
const ORDINALS = `,
  (SELECT count(*) FROM calls a WHERE a.source = calls.source AND a.call_id = calls.call_id) AS attempts,
  (SELECT count(*) FROM calls a WHERE a.source = calls.source AND a.call_id = calls.call_id
     AND (a.start_ms < calls.start_ms OR (a.start_ms = calls.start_ms AND a.id <= calls.id))) AS attemptNo`;

/** One page of the matching calls, newest first, with attempt ordinals. `offset` is bounded by the caller (pages, not a scan). */
export function listCalls(db: Db, f: CallFilter, limit: number, offset = 0): ListedCall[] {
  const p = plan(f);
  return db
    .prepare(
      `SELECT ${COLUMNS}${ORDINALS} FROM calls INDEXED BY ${p.index} WHERE ${p.where} ORDER BY start_ms DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...p.params, limit, offset) as ListedCall[];
}

/** How many calls match, counting at most `cap` (a route refusing millions answers "at least cap"). */
export function countMatchingCalls(db: Db, f: CallFilter, cap = 1_000_000): number {
  const p = plan(f);
  return db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM calls INDEXED BY ${p.index} WHERE ${p.where} LIMIT ?)`)
    .pluck()
    .get(...p.params, cap) as number;
}

/**
 * Every matching call, newest first, read row by row (the CLI's `--csv` writes millions without
 * holding them); `limit` bounds what a chat attachment carries.
 */
export function* iterateCalls(
  db: Db,
  f: CallFilter,
  limit = Number.MAX_SAFE_INTEGER,
  o: { ordinals?: boolean } = {},
): Generator<ListedCall> {
  const p = plan(f);
  const stmt = db.prepare(
    `SELECT ${COLUMNS}${o.ordinals ? ORDINALS : ''} FROM calls INDEXED BY ${p.index} WHERE ${p.where} ORDER BY start_ms DESC, id DESC LIMIT ?`,
  );
  yield* stmt.iterate(...p.params, limit) as IterableIterator<ListedCall>;
}
