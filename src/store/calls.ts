import type { CallRecord } from '../core/call.js';
import { isBlocked } from '../core/call.js';
import { NO_SIGNALS, redressSignals } from '../core/sip/redress-signals.js';
import type { Db } from './db.js';

const COLUMNS = [
  'source',
  'call_id',
  'attempt',
  'start_ms',
  'caller',
  'callee',
  'caller_country',
  'caller_npa',
  'caller_state',
  'callee_country',
  'callee_npa',
  'callee_state',
  'callee_region',
  'route',
  'sip_code',
  'sip_reason',
  'q850_cause',
  'duration_s',
  'blocked',
  'campaign',
  'attestation',
  'hangup_source',
  'pdd_ms',
  'progress_code',
  'batch_id',
  'reason_header',
  'call_info',
  'redress_v',
  'redress_url',
  'redress_tel',
  'redress_email',
  'redress_id',
  'redress_location',
  'redress_card',
] as const;

function row(r: CallRecord, batchId: number | null): unknown[] {
  const rh = r.reasonHeader ?? null;
  const ci = r.callInfo ?? null;
  // Decoded once here, so number health and redress read columns instead of parsing every row.
  const s = rh || ci ? redressSignals(rh, ci) : NO_SIGNALS;
  return [
    r.source,
    r.callId,
    r.attempt ?? '',
    r.startMs,
    r.caller,
    r.callee,
    r.callerCountry,
    r.callerNpa,
    r.callerState,
    r.calleeCountry,
    r.calleeNpa,
    r.calleeState,
    r.calleeRegion,
    r.route,
    r.sipCode,
    r.sipReason,
    r.q850Cause,
    r.durationS,
    isBlocked(r.sipCode, r.sipReason, rh) ? 1 : 0,
    r.campaign,
    r.attestation,
    r.hangupSource,
    r.pddMs,
    r.progressCode,
    batchId,
    rh,
    ci,
    s.v,
    s.url,
    s.tel,
    s.email,
    s.id,
    s.location,
    s.card,
  ];
}

const INSERT_SQL = `INSERT OR IGNORE INTO calls (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

function insertStatement(db: Db): ReturnType<Db['prepare']> {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare(INSERT_SQL);
    statements.set(db, stmt);
  }
  return stmt;
}

/** The highest id stored before attempts were told apart (migration 070); 0 when none. */
const beforeAttempts = new WeakMap<Db, number>();

function legacyMaxId(db: Db): number {
  let n = beforeAttempts.get(db);
  if (n === undefined) {
    n = (db.prepare('SELECT max_id FROM calls_before_attempts').pluck().get() as number | undefined) ?? 0;
    beforeAttempts.set(db, n);
  }
  return n;
}

const twinStatements = new WeakMap<Db, { find: ReturnType<Db['prepare']>; claim: ReturnType<Db['prepare']> }>();

/**
 * An attempt stored before attempts were told apart has attempt ''. Re-ingesting its file now
 * names the attempt: the same call (same start, code and route) is that row, not a new one, and
 * takes the attempt's name so the next run matches it directly.
 */
function claimedLegacyTwin(db: Db, r: CallRecord, max: number): boolean {
  let st = twinStatements.get(db);
  if (!st) {
    st = {
      find: db.prepare(
        "SELECT id FROM calls WHERE source = ? AND call_id = ? AND attempt = '' AND id <= ? AND start_ms = ? AND sip_code = ? AND route = ?",
      ),
      claim: db.prepare('UPDATE calls SET attempt = ? WHERE id = ?'),
    };
    twinStatements.set(db, st);
  }
  const id = st.find.pluck().get([r.source, r.callId, max, r.startMs, r.sipCode, r.route]) as number | undefined;
  if (id === undefined) return false;
  st.claim.run([r.attempt, id]);
  return true;
}

/**
 * Stores one call inside the caller's transaction (the ingest writer stores each record as it is
 * read, so no batch of records is held in memory). True when it was new; false for a duplicate:
 * the same source, call id and attempt.
 */
export function insertCallInTx(db: Db, record: CallRecord, batchId: number | null): boolean {
  if (record.attempt) {
    const max = legacyMaxId(db);
    if (max > 0 && claimedLegacyTwin(db, record, max)) return false;
  }
  return insertStatement(db).run(row(record, batchId)).changes > 0;
}

/**
 * Stores calls inside the caller's transaction (the ingest pipeline writes a batch of calls and
 * its rejects together). Returns how many were new.
 */
export function insertCallsInTx(db: Db, records: readonly CallRecord[], batchId: number | null): number {
  const stmt = insertStatement(db);
  let stored = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    stored += r.attempt ? (insertCallInTx(db, r, batchId) ? 1 : 0) : stmt.run(row(r, batchId)).changes;
  }
  return stored;
}

/**
 * Stores calls in one transaction; a call already stored (same source, call id and attempt) is counted
 * as a duplicate, never written twice.
 */
export function insertCalls(
  db: Db,
  records: readonly CallRecord[],
  batchId: number | null = null,
): { stored: number; duplicates: number } {
  const stored = db.transaction(() => insertCallsInTx(db, records, batchId))();
  return { stored, duplicates: records.length - stored };
}

export function countCalls(db: Db): number {
  return db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
}
