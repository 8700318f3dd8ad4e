import type { Db } from './db.js';

/** A real query against the file (not a cached handle check); throws when the database is unusable. */
export function databaseHealth(db: Db): { migrations: number; lastCallId: number | null } {
  const migrations = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
  const lastCallId = db.prepare('SELECT max(id) FROM calls').pluck().get() as number | null;
  return { migrations, lastCallId };
}
