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

/**
 * Stores calls in one transaction; a call already stored (same source and call id) is counted
 * as a duplicate, never written twice.
 */
export function insertCalls(db: Db, records: readonly CallRecord[], batchId: number | null = null): { stored: number; duplicates: number } {
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO calls (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  let stored = 0;
  db.transaction(() => {
    for (const r of records) stored += stmt.run(row(r, batchId)).changes;
  })();
  return { stored, duplicates: records.length - stored };
}

export function countCalls(db: Db): number {
  return db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
}
