import type { Db } from './db.js';

export interface BatchCounts {
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

/** Opens an import batch (one per file, API upload or webhook stream); returns its id. */
export function startImportBatch(
  db: Db,
  b: { source: string; format: string; origin: string; startedMs: number },
): number {
  const r = db
    .prepare('INSERT INTO import_batches (source, format, origin, started_ms, pid) VALUES (?, ?, ?, ?, ?)')
    .run(b.source, b.format, b.origin, b.startedMs, process.pid);
  return Number(r.lastInsertRowid);
}

/**
 * Imports left 'running' by a process that no longer exists (killed mid-file) become
 * 'interrupted', with the counts they committed. `alive(pid)` tells a live process; imports of
 * this process are never touched. Returns how many were marked.
 */
export function markInterruptedImports(db: Db, alive: (pid: number) => boolean, nowMs: number): number {
  const running = db.prepare("SELECT id, pid FROM import_batches WHERE status = 'running'").all() as Array<{
    id: number;
    pid: number | null;
  }>;
  const dead = running.filter((b) => b.pid !== process.pid && (b.pid === null || !alive(b.pid)));
  const mark = db.prepare(
    "UPDATE import_batches SET status = 'interrupted', finished_ms = ? WHERE id = ? AND status = 'running'",
  );
  db.transaction(() => {
    for (const b of dead) mark.run(nowMs, b.id);
  })();
  return dead.length;
}

/** Records progress inside the caller's transaction, so the counts match what is committed. */
export function updateImportBatch(db: Db, id: number, c: BatchCounts): void {
  db.prepare('UPDATE import_batches SET read = ?, stored = ?, duplicates = ?, rejected = ? WHERE id = ?').run(
    c.read,
    c.stored,
    c.duplicates,
    c.rejected,
    id,
  );
}

export function finishImportBatch(
  db: Db,
  id: number,
  c: BatchCounts,
  status: 'done' | 'failed',
  finishedMs: number,
): void {
  db.prepare(
    'UPDATE import_batches SET read = ?, stored = ?, duplicates = ?, rejected = ?, status = ?, finished_ms = ? WHERE id = ?',
  ).run(c.read, c.stored, c.duplicates, c.rejected, status, finishedMs, id);
}
