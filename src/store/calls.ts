import type { CallRecord } from '../core/call.js';
import { isBlocked } from '../core/call.js';
import type { Db } from './db.js';

const COLUMNS = [
  'source', 'call_id', 'start_ms', 'caller', 'callee', 'caller_country', 'caller_npa', 'caller_state',
  'callee_country', 'callee_npa', 'callee_state', 'callee_region', 'route', 'sip_code', 'sip_reason',
  'q850_cause', 'duration_s', 'blocked', 'campaign', 'attestation', 'hangup_source', 'pdd_ms', 'progress_code', 'batch_id',
] as const;

function row(r: CallRecord, batchId: number | null): unknown[] {
  return [
    r.source, r.callId, r.startMs, r.caller, r.callee, r.callerCountry, r.callerNpa, r.callerState,
    r.calleeCountry, r.calleeNpa, r.calleeState, r.calleeRegion, r.route, r.sipCode, r.sipReason,
    r.q850Cause, r.durationS, isBlocked(r.sipCode, r.sipReason) ? 1 : 0, r.campaign, r.attestation,
    r.hangupSource, r.pddMs, r.progressCode, batchId,
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

/**
 * Stores one call inside the caller's transaction (the ingest pipeline writes each record as it
 * is read, so no batch of records is held in memory). True when it was new.
 */
export function insertCallInTx(db: Db, record: CallRecord, batchId: number | null): boolean {
  return insertStatement(db).run(row(record, batchId)).changes > 0;
}

/**
 * Stores calls inside the caller's transaction (the ingest pipeline writes a batch of calls and
 * its rejects together). Returns how many were new.
 */
export function insertCallsInTx(db: Db, records: readonly CallRecord[], batchId: number | null): number {
  const stmt = insertStatement(db);
  let stored = 0;
  for (let i = 0; i < records.length; i++) stored += stmt.run(row(records[i]!, batchId)).changes;
  return stored;
}

/**
 * Stores calls in one transaction; a call already stored (same source and call id) is counted
 * as a duplicate, never written twice.
 */
export function insertCalls(db: Db, records: readonly CallRecord[], batchId: number | null = null): { stored: number; duplicates: number } {
  const stored = db.transaction(() => insertCallsInTx(db, records, batchId))();
  return { stored, duplicates: records.length - stored };
}

export function countCalls(db: Db): number {
  return db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
}
