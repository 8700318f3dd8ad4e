import type { Db } from './db.js';

/** Escalations' deliveries, then the alerts' (src/core/alerts/deliver.ts): each worker claims only its own. */
export const ESCALATION_KINDS = ['chat.post', 'chat.update', 'webhook'] as const;
export const ALERT_KINDS = ['alert.post', 'alert.update', 'alert.reply', 'pagerduty'] as const;
export type OutboxKind = (typeof ESCALATION_KINDS)[number] | (typeof ALERT_KINDS)[number];

export interface OutboxRow {
  id: number;
  eventKey: string;
  kind: OutboxKind;
  target: string;
  payload: string;
  escalationId: number | null;
  createdMs: number;
  attempts: number;
  nextAttemptMs: number;
  sentMs: number | null;
  failedMs: number | null;
  lastError: string | null;
}

const SELECT = `SELECT id, event_key AS eventKey, kind, target, payload, escalation_id AS escalationId, created_ms AS createdMs,
  attempts, next_attempt_ms AS nextAttemptMs, sent_ms AS sentMs, failed_ms AS failedMs, last_error AS lastError FROM outbox`;

/** Enqueues a delivery once per event key; false when the key is already there (never twice). */
export function enqueue(
  db: Db,
  m: {
    eventKey: string;
    kind: OutboxKind;
    target: string;
    payload: string;
    escalationId: number | null;
    notBeforeMs?: number;
  },
  nowMs: number,
): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO outbox (event_key, kind, target, payload, escalation_id, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.eventKey, m.kind, m.target, m.payload, m.escalationId, nowMs, Math.max(nowMs, m.notBeforeMs ?? nowMs))
      .changes === 1
  );
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: a claimed row is not handed out again until
 * the lease runs out, so two workers (or two overlapping ticks) never send the same row at once.
 */
export function claimDue(
  db: Db,
  nowMs: number,
  leaseMs: number,
  limit: number,
  kinds: readonly OutboxKind[] = ESCALATION_KINDS,
): OutboxRow[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          `${SELECT} WHERE sent_ms IS NULL AND failed_ms IS NULL AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
        AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY next_attempt_ms, id LIMIT ?`,
        )
        .all(nowMs, nowMs, ...kinds, limit) as OutboxRow[];
      const lease = db.prepare('UPDATE outbox SET lease_until_ms = ? WHERE id = ?');
      for (const r of rows) lease.run(nowMs + leaseMs, r.id);
      return rows;
    })
    .immediate();
}

/** Marks a delivery sent, once. */
export function markSent(db: Db, id: number, nowMs: number): boolean {
  return (
    db
      .prepare(
        'UPDATE outbox SET sent_ms = ?, lease_until_ms = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ? AND sent_ms IS NULL',
      )
      .run(nowMs, id).changes === 1
  );
}

export function markRetry(db: Db, id: number, nextAttemptMs: number, error: string): void {
  db.prepare(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND sent_ms IS NULL',
  ).run(nextAttemptMs, error.slice(0, 500), id);
}

/** Not deliverable yet for a reason that is no failure (the message to update is not posted yet): later, same attempts. */
export function postpone(db: Db, id: number, nextAttemptMs: number, why: string): void {
  db.prepare(
    'UPDATE outbox SET next_attempt_ms = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND sent_ms IS NULL',
  ).run(nextAttemptMs, why.slice(0, 500), id);
}

/** The earliest time a delivery of these kinds is due, or null when none waits. */
export function nextDue(db: Db, kinds: readonly OutboxKind[]): number | null {
  return db
    .prepare(
      `SELECT min(next_attempt_ms) FROM outbox WHERE sent_ms IS NULL AND failed_ms IS NULL AND kind IN (${kinds.map(() => '?').join(', ')})`,
    )
    .pluck()
    .get(...kinds) as number | null;
}

export function markFailed(db: Db, id: number, nowMs: number, error: string): void {
  db.prepare(
    'UPDATE outbox SET attempts = attempts + 1, failed_ms = ?, lease_until_ms = NULL, last_error = ? WHERE id = ? AND sent_ms IS NULL',
  ).run(nowMs, error.slice(0, 500), id);
}

export function listOutbox(db: Db, opts: { escalationId?: number; kind?: OutboxKind } = {}): OutboxRow[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (opts.escalationId !== undefined) {
    parts.push('escalation_id = ?');
    params.push(opts.escalationId);
  }
  if (opts.kind) {
    parts.push('kind = ?');
    params.push(opts.kind);
  }
  return db
    .prepare(`${SELECT} ${parts.length ? 'WHERE ' + parts.join(' AND ') : ''} ORDER BY id`)
    .all(...params) as OutboxRow[];
}
