import type { Db } from './db.js';
import { isBusy, withLockWait } from './write-lock.js';

/** Claims taken while another process held the write lock, per connection, stored once it is free. */
const unsaved = new WeakMap<Db, Map<string, { platform: string; nowMs: number }>>();
/** Stored keys given back while the lock was held (their rows could not be deleted then). */
const released = new WeakMap<Db, Set<string>>();

/** The insert without SQLite's sleeping busy handler: refused at once while another writer holds the lock. */
function insertClaim(db: Db, key: string, platform: string, nowMs: number): boolean {
  return withLockWait(
    db,
    0,
    () =>
      db
        .prepare('INSERT OR IGNORE INTO interaction_keys (key, platform, seen_ms) VALUES (?, ?, ?)')
        .run(key, platform, nowMs).changes === 1,
  );
}

/**
 * Claims an interaction key. Returns true the first time a key is seen, false for a repeat
 * (a retry or a redelivery), so a handler performs its side effect at most once.
 *
 * Runs on the event loop before the ack, so it never waits out another process's write lock:
 * when the insert is refused as busy, the key is checked against the table (a read, which WAL
 * never blocks) and held in memory until a later claim can store it. Redeliveries come to this
 * same process within minutes, so memory covers the gap.
 */
export function claimInteraction(db: Db, key: string, platform: string, nowMs: number): boolean {
  // Given back while the lock was held: its row is still there, and this delivery is the first again.
  if (released.get(db)?.delete(key)) return true;
  let held = unsaved.get(db);
  if (held?.has(key)) return false;
  try {
    if (held?.size) {
      for (const [k, v] of held) {
        insertClaim(db, k, v.platform, v.nowMs);
        held.delete(k);
      }
    }
    return insertClaim(db, key, platform, nowMs);
  } catch (e) {
    if (!isBusy(e)) throw e;
    if (db.prepare('SELECT 1 FROM interaction_keys WHERE key = ?').get(key)) return false;
    if (!held) unsaved.set(db, (held = new Map()));
    held.set(key, { platform, nowMs });
    return true;
  }
}

/**
 * Gives a claimed key back: the request it stood for was refused as invalid (a form with a
 * mistake), so the corrected resubmission, which Slack sends with the same view id and hash, runs.
 */
export function releaseInteraction(db: Db, key: string): void {
  if (unsaved.get(db)?.delete(key)) return;
  try {
    withLockWait(db, 0, () => db.prepare('DELETE FROM interaction_keys WHERE key = ?').run(key));
  } catch (e) {
    if (!isBusy(e)) throw e;
    let set = released.get(db);
    if (!set) released.set(db, (set = new Set()));
    set.add(key);
  }
}

/** Drops keys older than the cutoff; platforms stop retrying within minutes. */
export function pruneInteractions(db: Db, olderThanMs: number): number {
  return db.prepare('DELETE FROM interaction_keys WHERE seen_ms < ?').run(olderThanMs).changes;
}

/** Stores a button payload that does not fit a custom_id; returns its id (the same id for the same payload). */
export function saveButtonPayload(db: Db, action: string, value: string, nowMs: number): number {
  // Read first: a payload stored already (by the database thread that made the reply) needs no
  // write, so rendering on the event loop never waits for another process's lock.
  const find = db.prepare('SELECT id FROM button_payloads WHERE action = ? AND value = ?');
  const known = find.get(action, value) as { id: number } | undefined;
  if (known) return known.id;
  db.prepare('INSERT OR IGNORE INTO button_payloads (action, value, created_ms) VALUES (?, ?, ?)').run(
    action,
    value,
    nowMs,
  );
  return (find.get(action, value) as { id: number }).id;
}

export function loadButtonPayload(db: Db, id: number): { action: string; value: string } | undefined {
  return db.prepare('SELECT action, value FROM button_payloads WHERE id = ?').get(id) as
    { action: string; value: string } | undefined;
}
