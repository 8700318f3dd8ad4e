import type { Db } from './db.js';

export type AlertKind = 'account' | 'route' | 'number' | 'region';
export type AlertState = 'pending' | 'firing' | 'acknowledged' | 'snoozed' | 'resolved';
export type AlertEventKind = 'fired' | 'acknowledged' | 'snoozed' | 'unsnoozed' | 'resolved' | 'recovered';

export interface AlertRow {
  id: number;
  kind: AlertKind;
  subject: string;
  verdict: string;
  state: AlertState;
  sinceMs: number;
  pendingMs: number;
  firedMs: number | null;
  elevatedSteps: number;
  quietSteps: number;
  calls: number;
  blocked: number;
  baselineRate: number;
  longCalls: number;
  longBlocked: number;
  peakRate: number;
  routes: string[];
  ackedBy: string | null;
  ackedMs: number | null;
  snoozedUntilMs: number | null;
  resolvedMs: number | null;
  resolvedBy: string | null;
  resolveReason: 'manual' | 'recovered' | null;
  updatedMs: number;
}

export interface AlertEvent {
  id: number;
  alertId: number;
  atMs: number;
  kind: AlertEventKind;
  byUser: string | null;
  detail: string | null;
}

const SELECT = `SELECT id, kind, subject, verdict, state, since_ms AS sinceMs, pending_ms AS pendingMs, fired_ms AS firedMs,
  elevated_steps AS elevatedSteps, quiet_steps AS quietSteps, calls, blocked, baseline_rate AS baselineRate,
  long_calls AS longCalls, long_blocked AS longBlocked, peak_rate AS peakRate, routes, acked_by AS ackedBy, acked_ms AS ackedMs,
  snoozed_until_ms AS snoozedUntilMs, resolved_ms AS resolvedMs, resolved_by AS resolvedBy, resolve_reason AS resolveReason,
  updated_ms AS updatedMs FROM alerts`;

function row(r: unknown): AlertRow {
  const x = r as Omit<AlertRow, 'routes'> & { routes: string };
  return { ...x, routes: JSON.parse(x.routes) as string[] };
}

/** Alerts not resolved yet (pending ones included), oldest first. */
export function openAlerts(db: Db): AlertRow[] {
  return db.prepare(`${SELECT} WHERE state <> 'resolved' ORDER BY id`).all().map(row);
}

/** Open alerts plus those resolved since `resolvedSinceMs`, newest first. */
export function recentAlerts(db: Db, resolvedSinceMs: number): AlertRow[] {
  return db
    .prepare(`${SELECT} WHERE state <> 'resolved' OR resolved_ms >= ? ORDER BY id DESC`)
    .all(resolvedSinceMs)
    .map(row);
}

export function getAlert(db: Db, id: number): AlertRow | null {
  const r = db.prepare(`${SELECT} WHERE id = ?`).get(id);
  return r ? row(r) : null;
}

export type NewAlert = Pick<
  AlertRow,
  | 'kind'
  | 'subject'
  | 'verdict'
  | 'sinceMs'
  | 'pendingMs'
  | 'calls'
  | 'blocked'
  | 'baselineRate'
  | 'longCalls'
  | 'longBlocked'
  | 'peakRate'
  | 'routes'
>;

export function insertAlert(db: Db, a: NewAlert, nowMs: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO alerts (kind, subject, verdict, state, since_ms, pending_ms, calls, blocked, baseline_rate, long_calls, long_blocked, peak_rate, routes, updated_ms)
     VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.kind,
        a.subject,
        a.verdict,
        a.sinceMs,
        a.pendingMs,
        a.calls,
        a.blocked,
        a.baselineRate,
        a.longCalls,
        a.longBlocked,
        a.peakRate,
        JSON.stringify(a.routes),
        nowMs,
      ).lastInsertRowid,
  );
}

/** Writes the fields that change from step to step and by hand. */
export function saveAlert(db: Db, a: AlertRow, nowMs: number): void {
  db.prepare(
    `UPDATE alerts SET verdict = ?, state = ?, fired_ms = ?, elevated_steps = ?, quiet_steps = ?, calls = ?, blocked = ?, baseline_rate = ?,
       long_calls = ?, long_blocked = ?, peak_rate = ?, routes = ?, acked_by = ?, acked_ms = ?, snoozed_until_ms = ?, resolved_ms = ?,
       resolved_by = ?, resolve_reason = ?, updated_ms = ? WHERE id = ?`,
  ).run(
    a.verdict,
    a.state,
    a.firedMs,
    a.elevatedSteps,
    a.quietSteps,
    a.calls,
    a.blocked,
    a.baselineRate,
    a.longCalls,
    a.longBlocked,
    a.peakRate,
    JSON.stringify(a.routes),
    a.ackedBy,
    a.ackedMs,
    a.snoozedUntilMs,
    a.resolvedMs,
    a.resolvedBy,
    a.resolveReason,
    nowMs,
    a.id,
  );
}

/** A pending alert that was not confirmed never existed for anyone: it leaves no row. */
export function dropPending(db: Db, id: number): void {
  db.prepare(`DELETE FROM alerts WHERE id = ? AND state = 'pending'`).run(id);
}

export function addAlertEvent(db: Db, e: Omit<AlertEvent, 'id'>): number {
  return Number(
    db
      .prepare('INSERT INTO alert_events (alert_id, at_ms, kind, by_user, detail) VALUES (?, ?, ?, ?, ?)')
      .run(e.alertId, e.atMs, e.kind, e.byUser, e.detail).lastInsertRowid,
  );
}

export function alertEvents(db: Db, alertId: number): AlertEvent[] {
  return db
    .prepare(
      'SELECT id, alert_id AS alertId, at_ms AS atMs, kind, by_user AS byUser, detail FROM alert_events WHERE alert_id = ? ORDER BY id',
    )
    .all(alertId) as AlertEvent[];
}

export function getAlertEvent(db: Db, id: number): AlertEvent | null {
  return (
    (db
      .prepare(
        'SELECT id, alert_id AS alertId, at_ms AS atMs, kind, by_user AS byUser, detail FROM alert_events WHERE id = ?',
      )
      .get(id) as AlertEvent | undefined) ?? null
  );
}

export interface AlertPost {
  alertId: number;
  target: string;
  messageId: string | null;
  notBeforeMs: number;
}

export function addAlertTarget(db: Db, alertId: number, target: string, notBeforeMs: number): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO alert_posts (alert_id, target, not_before_ms) VALUES (?, ?, ?)')
      .run(alertId, target, notBeforeMs).changes === 1
  );
}

export function alertTargets(db: Db, alertId: number): AlertPost[] {
  return db
    .prepare(
      'SELECT alert_id AS alertId, target, message_id AS messageId, not_before_ms AS notBeforeMs FROM alert_posts WHERE alert_id = ? ORDER BY target',
    )
    .all(alertId) as AlertPost[];
}

export function saveAlertMessage(db: Db, alertId: number, target: string, messageId: string): void {
  db.prepare('UPDATE alert_posts SET message_id = ? WHERE alert_id = ? AND target = ?').run(messageId, alertId, target);
}
