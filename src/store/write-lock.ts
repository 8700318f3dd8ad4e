import type { Db } from './db.js';

/** Another connection holds the lock (SQLite's busy errors): the caller retries later. */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** The connection's busy_timeout in ms: how long a writer may wait for the lock. */
export function busyTimeoutMs(db: Db): number {
  return db.pragma('busy_timeout', { simple: true }) as number;
}

/**
 * Runs `work` (synchronous, so nothing else uses the connection meanwhile) with the connection's
 * lock wait set to `ms`, then puts the connection's own back.
 */
export function withLockWait<T>(db: Db, ms: number, work: () => T): T {
  const saved = busyTimeoutMs(db);
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/**
 * BEGIN IMMEDIATE without SQLite's sleeping busy handler: true when the write lock is ours,
 * false when another connection holds it (the caller retries on a timer instead of blocking).
 */
export function tryBeginImmediate(db: Db): boolean {
  return withLockWait(db, 0, () => {
    try {
      db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (e) {
      if (isBusy(e)) return false;
      throw e;
    }
  });
}

/**
 * COMMIT without SQLite's automatic checkpoint: with a bulk ingest alongside, the WAL stays over
 * the threshold and every small commit would copy frames and fsync.
 */
export function commitWithoutCheckpoint(db: Db): void {
  const saved = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  try {
    db.exec('COMMIT');
  } finally {
    db.pragma(`wal_autocheckpoint = ${saved}`);
  }
}

export function rollbackIfOpen(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/** A passive checkpoint: copies what it can without waiting for readers or writers. */
export function passiveCheckpoint(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}
