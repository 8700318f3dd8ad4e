import type { Db } from './db.js';

export interface RejectRow {
  origin: string;
  line: number;
  error: string;
  raw: string;
  nowMs: number;
}

/**
 * Keeps records that arrived over HTTP but could not be stored as calls, so nothing sent is lost
 * (`sipbot rejects` lists the table). The same record sent again is kept once.
 */
export function recordRejects(db: Db, rows: readonly RejectRow[]): void {
  if (rows.length === 0) return;
  const stmt = db.prepare(
    'INSERT OR IGNORE INTO rejects (batch_id, origin, line, error, raw, created_ms) VALUES (NULL, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of rows) stmt.run(r.origin, r.line, r.error, r.raw.slice(0, 2000), r.nowMs);
  })();
}
