import type { Db } from './db.js';

export type EscalationStatus = 'open' | 'acknowledged' | 'assigned' | 'resolved';
export type Urgency = 'low' | 'normal' | 'high' | 'urgent';

export interface EscalationRow {
  id: number;
  subject: string;
  urgency: Urgency;
  note: string | null;
  contact: string | null;
  status: EscalationStatus;
  requesterPlatform: string;
  requesterId: string;
  requesterName: string | null;
  channelId: string;
  threadId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  walkthroughId: number | null;
  bundleJson: string;
  createdMs: number;
  updatedMs: number;
  acknowledgedMs: number | null;
  resolvedMs: number | null;
  remindersSent: number;
}

export interface EscalationEvent {
  id: number;
  escalationId: number;
  kind: string;
  actorPlatform: string | null;
  actorId: string | null;
  actorName: string | null;
  atMs: number;
}

const SELECT = `SELECT id, subject, urgency, note, contact, status, requester_platform AS requesterPlatform,
  requester_id AS requesterId, requester_name AS requesterName, channel_id AS channelId, thread_id AS threadId,
  team_id AS teamId, assignee_id AS assigneeId, assignee_name AS assigneeName, walkthrough_id AS walkthroughId,
  bundle_json AS bundleJson, created_ms AS createdMs, updated_ms AS updatedMs, acknowledged_ms AS acknowledgedMs,
  resolved_ms AS resolvedMs, reminders_sent AS remindersSent FROM escalations`;

export type NewEscalation = Pick<
  EscalationRow,
  | 'subject'
  | 'urgency'
  | 'note'
  | 'contact'
  | 'requesterPlatform'
  | 'requesterId'
  | 'requesterName'
  | 'channelId'
  | 'threadId'
  | 'teamId'
  | 'walkthroughId'
>;

export function getEscalation(db: Db, id: number): EscalationRow | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as EscalationRow | undefined;
}

export function listEscalations(db: Db, opts: { status?: EscalationStatus; limit?: number } = {}): EscalationRow[] {
  const where = opts.status ? 'WHERE status = ?' : '';
  const params: unknown[] = opts.status ? [opts.status] : [];
  return db.prepare(`${SELECT} ${where} ORDER BY id DESC LIMIT ?`).all(...params, opts.limit ?? 100) as EscalationRow[];
}

/** Escalations not resolved yet, newest first (the status index: open ones are few). */
export function listOpenEscalations(db: Db, limit = 50): EscalationRow[] {
  return db
    .prepare(`${SELECT} WHERE status IN ('open', 'acknowledged', 'assigned') ORDER BY id DESC LIMIT ?`)
    .all(limit) as EscalationRow[];
}

/**
 * Creates an escalation unless the same person opened one on the same subject within
 * `dedupeMs` that is not resolved yet (a double click, a platform retry): then returns that one.
 * `bundle(id)` runs only when a new record is made; `after(row, eventId)` runs in the same
 * transaction (the outbox entries), so a record never exists without its notifications.
 */
export function createEscalationOnce(
  db: Db,
  e: NewEscalation,
  nowMs: number,
  dedupeMs: number,
  bundle: (id: number) => string,
  after: (row: EscalationRow, createdEventId: number) => void,
  dedupeKey: string | null = null,
): { row: EscalationRow; created: boolean } {
  return db
    .transaction(() => {
      const dup =
        (dedupeKey ? db.prepare(`${SELECT} WHERE dedupe_key = ?`).get(dedupeKey) : undefined) ??
        db
          .prepare(
            `${SELECT} WHERE requester_platform = ? AND requester_id = ? AND subject = ? AND created_ms > ? AND status <> 'resolved' ORDER BY id DESC LIMIT 1`,
          )
          .get(e.requesterPlatform, e.requesterId, e.subject, nowMs - dedupeMs);
      if (dup) return { row: dup as EscalationRow, created: false };
      const id = db
        .prepare(
          `INSERT INTO escalations (subject, urgency, note, contact, status, requester_platform, requester_id, requester_name,
         channel_id, thread_id, team_id, walkthrough_id, bundle_json, dedupe_key, created_ms, updated_ms)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          e.subject,
          e.urgency,
          e.note,
          e.contact,
          e.requesterPlatform,
          e.requesterId,
          e.requesterName,
          e.channelId,
          e.threadId,
          e.teamId,
          e.walkthroughId,
          '{}',
          dedupeKey,
          nowMs,
          nowMs,
        ).lastInsertRowid as number;
      db.prepare('UPDATE escalations SET bundle_json = ? WHERE id = ?').run(bundle(id), id);
      const eventId = addEvent(
        db,
        id,
        'created',
        { platform: e.requesterPlatform, id: e.requesterId, name: e.requesterName },
        nowMs,
      );
      const row = getEscalation(db, id)!;
      after(row, eventId);
      return { row, created: true };
    })
    .immediate();
}

export function addEvent(
  db: Db,
  escalationId: number,
  kind: string,
  actor: { platform: string; id: string; name: string | null } | null,
  atMs: number,
): number {
  return db
    .prepare(
      'INSERT INTO escalation_events (escalation_id, kind, actor_platform, actor_id, actor_name, at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(escalationId, kind, actor?.platform ?? null, actor?.id ?? null, actor?.name ?? null, atMs)
    .lastInsertRowid as number;
}

export function listEvents(db: Db, escalationId: number): EscalationEvent[] {
  return db
    .prepare(
      `SELECT id, escalation_id AS escalationId, kind, actor_platform AS actorPlatform, actor_id AS actorId, actor_name AS actorName, at_ms AS atMs
       FROM escalation_events WHERE escalation_id = ? ORDER BY id`,
    )
    .all(escalationId) as EscalationEvent[];
}

export function getEvent(db: Db, id: number): EscalationEvent | undefined {
  return db
    .prepare(
      `SELECT id, escalation_id AS escalationId, kind, actor_platform AS actorPlatform, actor_id AS actorId, actor_name AS actorName, at_ms AS atMs
       FROM escalation_events WHERE id = ?`,
    )
    .get(id) as EscalationEvent | undefined;
}

/**
 * Moves an escalation to `to` if it is in one of `from`, recording who did it, and runs `after`
 * in the same transaction. Returns null when the move does not apply (already resolved, ...).
 */
export function transitionEscalation(
  db: Db,
  id: number,
  from: readonly EscalationStatus[],
  to: EscalationStatus,
  actor: { platform: string; id: string; name: string | null },
  nowMs: number,
  after: (row: EscalationRow, eventId: number) => void,
): EscalationRow | null {
  return db
    .transaction(() => {
      const sets = ['status = ?', 'updated_ms = ?'];
      const params: unknown[] = [to, nowMs];
      if (to === 'acknowledged' || to === 'assigned') {
        sets.push('acknowledged_ms = coalesce(acknowledged_ms, ?)');
        params.push(nowMs);
      }
      if (to === 'assigned') {
        sets.push('assignee_id = ?', 'assignee_name = ?');
        params.push(actor.id, actor.name);
      }
      if (to === 'resolved') {
        sets.push('resolved_ms = ?');
        params.push(nowMs);
      }
      const changed = db
        .prepare(
          `UPDATE escalations SET ${sets.join(', ')} WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
        )
        .run(...params, id, ...from).changes;
      if (!changed) return null;
      const eventId = addEvent(db, id, to, actor, nowMs);
      const row = getEscalation(db, id)!;
      after(row, eventId);
      return row;
    })
    .immediate();
}

/** Open escalations whose next reminder is due: created + (sent + 1) x interval <= now. */
export function dueReminders(db: Db, nowMs: number, intervalMs: number): EscalationRow[] {
  return db
    .prepare(`${SELECT} WHERE status = 'open' AND created_ms + (reminders_sent + 1) * ? <= ? ORDER BY id`)
    .all(intervalMs, nowMs) as EscalationRow[];
}

/**
 * Counts reminder `n` as sent, once: false if another tick already moved it on from `prev`.
 * `after` runs in the same transaction.
 */
export function markReminded(db: Db, id: number, prev: number, n: number, nowMs: number, after: () => void): boolean {
  return db
    .transaction(() => {
      const ok =
        db
          .prepare(
            "UPDATE escalations SET reminders_sent = ?, updated_ms = ? WHERE id = ? AND reminders_sent = ? AND status = 'open'",
          )
          .run(n, nowMs, id, prev).changes === 1;
      if (ok) {
        addEvent(db, id, 'reminded', null, nowMs);
        after();
      }
      return ok;
    })
    .immediate();
}

export interface PostRef {
  platform: string;
  channelId: string;
  messageId: string;
}

export function savePost(db: Db, escalationId: number, p: PostRef): void {
  db.prepare(
    'INSERT OR REPLACE INTO escalation_posts (escalation_id, platform, channel_id, message_id) VALUES (?, ?, ?, ?)',
  ).run(escalationId, p.platform, p.channelId, p.messageId);
}

export function listPosts(db: Db, escalationId: number): PostRef[] {
  return db
    .prepare(
      'SELECT platform, channel_id AS channelId, message_id AS messageId FROM escalation_posts WHERE escalation_id = ? ORDER BY platform, channel_id',
    )
    .all(escalationId) as PostRef[];
}

export function replaceGroupMembers(db: Db, groupId: string, users: readonly string[], nowMs: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM expert_group_members WHERE group_id = ?').run(groupId);
    const ins = db.prepare(
      'INSERT OR IGNORE INTO expert_group_members (group_id, user_id, refreshed_ms) VALUES (?, ?, ?)',
    );
    for (const u of users) ins.run(groupId, u, nowMs);
  })();
}

export function isGroupMember(db: Db, groupId: string, userId: string): boolean {
  return (
    db.prepare('SELECT 1 FROM expert_group_members WHERE group_id = ? AND user_id = ?').get(groupId, userId) !==
    undefined
  );
}
