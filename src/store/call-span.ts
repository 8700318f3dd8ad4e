import type { Db } from './db.js';

/** The start of the newest stored call, or null when there are none. */
export function latestCallMs(db: Db): number | null {
  return (db.prepare('SELECT max(start_ms) FROM calls').pluck().get() as number | null) ?? null;
}

/** Whether any stored call came from a source other than `source` (real data in a demo file). */
export function hasCallsNotFrom(db: Db, source: string): boolean {
  return db.prepare('SELECT 1 FROM calls WHERE source <> ? LIMIT 1').pluck().get(source) !== undefined;
}
