import type { Db } from './db.js';

export interface NewReject {
  line: number;
  error: string;
  raw: string;
}

const MAX_RAW = 2000;

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

function insertStatement(db: Db): ReturnType<Db['prepare']> {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare(
      'INSERT OR IGNORE INTO rejects (batch_id, origin, line, error, raw, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    statements.set(db, stmt);
  }
  return stmt;
}

/**
 * Stores rejected records inside the caller's transaction. The same record of the same origin
 * rejected again (a re-run) is kept once.
 */
export function insertRejectsInTx(
  db: Db,
  batchId: number,
  origin: string,
  rejects: readonly NewReject[],
  createdMs: number,
): void {
  const stmt = insertStatement(db);
  for (const r of rejects)
    stmt.run([batchId, origin, r.line, r.error, r.raw.length > MAX_RAW ? r.raw.slice(0, MAX_RAW) : r.raw, createdMs]);
}

export interface RejectRow {
  id: number;
  origin: string;
  line: number;
  error: string;
  raw: string;
  createdMs: number;
  format: string | null;
}

/** The most recent import's rejects first, in line order. */
export function listRejects(db: Db, opts: { limit: number; origin?: string }): RejectRow[] {
  const where = opts.origin === undefined ? '' : 'WHERE r.origin = @origin';
  return db
    .prepare(
      `SELECT r.id, r.origin, r.line, r.error, r.raw, r.created_ms AS createdMs, b.format
      FROM rejects r LEFT JOIN import_batches b ON b.id = r.batch_id ${where}
      ORDER BY r.batch_id DESC, r.line ASC, r.id ASC LIMIT @limit`,
    )
    .all({ limit: opts.limit, ...(opts.origin === undefined ? {} : { origin: opts.origin }) }) as RejectRow[];
}
