import type { Db } from './db.js';

/**
 * Claims an interaction key. Returns true the first time a key is seen, false for a repeat
 * (a retry or a redelivery), so a handler performs its side effect at most once.
 */
export function claimInteraction(db: Db, key: string, platform: string, nowMs: number): boolean {
  const r = db.prepare('INSERT OR IGNORE INTO interaction_keys (key, platform, seen_ms) VALUES (?, ?, ?)').run(key, platform, nowMs);
  return r.changes === 1;
}

/**
 * Gives a claimed key back: the request it stood for was refused as invalid (a form with a
 * mistake), so the corrected resubmission, which Slack sends with the same view id and hash, runs.
 */
export function releaseInteraction(db: Db, key: string): void {
  db.prepare('DELETE FROM interaction_keys WHERE key = ?').run(key);
}

/** Drops keys older than the cutoff; platforms stop retrying within minutes. */
export function pruneInteractions(db: Db, olderThanMs: number): number {
  return db.prepare('DELETE FROM interaction_keys WHERE seen_ms < ?').run(olderThanMs).changes;
}

/** Stores a button payload that does not fit a custom_id; returns its id (the same id for the same payload). */
export function saveButtonPayload(db: Db, action: string, value: string, nowMs: number): number {
  db.prepare('INSERT OR IGNORE INTO button_payloads (action, value, created_ms) VALUES (?, ?, ?)').run(action, value, nowMs);
  const row = db.prepare('SELECT id FROM button_payloads WHERE action = ? AND value = ?').get(action, value) as { id: number };
  return row.id;
}

export function loadButtonPayload(db: Db, id: number): { action: string; value: string } | undefined {
  return db.prepare('SELECT action, value FROM button_payloads WHERE id = ?').get(id) as { action: string; value: string } | undefined;
}
