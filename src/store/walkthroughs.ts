import type { Db } from './db.js';

export interface WalkRow {
  id: number;
  platform: string;
  userId: string;
  channelId: string;
  subject: string;
  status: 'active' | 'done' | 'expired' | 'abandoned';
  stateJson: string;
  factsJson: string;
  createdMs: number;
  updatedMs: number;
  expiresMs: number;
}

const SELECT = `SELECT id, platform, user_id AS userId, channel_id AS channelId, subject, status,
  state_json AS stateJson, facts_json AS factsJson, created_ms AS createdMs, updated_ms AS updatedMs, expires_ms AS expiresMs
  FROM walkthroughs`;

export interface WalkKey {
  platform: string;
  userId: string;
  channelId: string;
  subject: string;
}

export function getWalkthrough(db: Db, id: number): WalkRow | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as WalkRow | undefined;
}

export function findActiveWalkthrough(db: Db, k: WalkKey): WalkRow | undefined {
  return db
    .prepare(`${SELECT} WHERE platform = ? AND user_id = ? AND channel_id = ? AND subject = ? AND status = 'active'`)
    .get(k.platform, k.userId, k.channelId, k.subject) as WalkRow | undefined;
}

/** Marks every active walkthrough past its expiry as expired; returns how many. */
export function expireWalkthroughs(db: Db, nowMs: number): number {
  return db
    .prepare(`UPDATE walkthroughs SET status = 'expired', updated_ms = ? WHERE status = 'active' AND expires_ms <= ?`)
    .run(nowMs, nowMs).changes;
}

/**
 * Returns the active walkthrough for the key, or creates one with `init(id)`: in one immediate
 * transaction, so two presses at once cannot create two.
 */
export function openWalkthrough(
  db: Db,
  k: WalkKey,
  nowMs: number,
  ttlMs: number,
  init: (id: number) => { stateJson: string; factsJson: string },
): { row: WalkRow; created: boolean } {
  return db
    .transaction(() => {
      expireWalkthroughs(db, nowMs);
      const existing = findActiveWalkthrough(db, k);
      if (existing) return { row: existing, created: false };
      const id = db
        .prepare(
          `INSERT INTO walkthroughs (platform, user_id, channel_id, subject, status, state_json, facts_json, created_ms, updated_ms, expires_ms)
       VALUES (?, ?, ?, ?, 'active', '{}', '{}', ?, ?, ?)`,
        )
        .run(k.platform, k.userId, k.channelId, k.subject, nowMs, nowMs, nowMs + ttlMs).lastInsertRowid as number;
      const { stateJson, factsJson } = init(id);
      db.prepare('UPDATE walkthroughs SET state_json = ?, facts_json = ? WHERE id = ?').run(stateJson, factsJson, id);
      return { row: getWalkthrough(db, id)!, created: true };
    })
    .immediate();
}

/** Saves a new state if the row is still at `expectedUpdatedMs` (a concurrent press loses, not overwrites). */
export function saveWalkthrough(
  db: Db,
  id: number,
  stateJson: string,
  status: WalkRow['status'],
  nowMs: number,
  ttlMs: number,
  expectedStateJson: string,
): boolean {
  return (
    db
      .prepare(
        `UPDATE walkthroughs SET state_json = ?, status = ?, updated_ms = ?, expires_ms = ? WHERE id = ? AND state_json = ? AND status IN ('active', 'done')`,
      )
      .run(stateJson, status, nowMs, nowMs + ttlMs, id, expectedStateJson).changes === 1
  );
}

export function setWalkthroughStatus(db: Db, id: number, status: WalkRow['status'], nowMs: number): void {
  db.prepare('UPDATE walkthroughs SET status = ?, updated_ms = ? WHERE id = ?').run(status, nowMs, id);
}
