/** What the benches that need a long call history share: the bulk load and the demo's area codes. */
import { renameSync, rmSync } from 'node:fs';
import type { CallRecord } from '../src/core/call.js';
import { insertCallsInTx } from '../src/store/calls.js';
import { openDb, type Db } from '../src/store/db.js';

const DAY = 86_400_000;

/** The 21 NANP area codes the bench traffic calls into. */
export const NPAS: readonly string[] = [
  '212',
  '646',
  '718',
  '512',
  '737',
  '312',
  '773',
  '415',
  '213',
  '305',
  '404',
  '617',
  '206',
  '303',
  '602',
  '702',
  '214',
  '713',
  '416',
  '514',
  '604',
];

export interface HistoryPlan {
  /** The end of the history (exclusive): days run from `end - days * DAY` to it. */
  end: number;
  days: number;
  /** The calls of the day starting at `dayStart`. */
  day: (dayStart: number) => CallRecord[];
  /** The progress line's prefix, e.g. "generating". */
  label: string;
  /** Runs on the loaded database with its indexes back, before the file is put in place. */
  finish?: (db: Db) => void;
}

function secs(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Builds a history at `path` through the store's own insert, one transaction a day. The secondary
 * indexes are dropped for the load and rebuilt after it (one sort each), the way a bulk load should
 * be done; the schema ends up exactly as the migrations define it. The file appears only when whole.
 */
export function buildHistory(path: string, plan: HistoryPlan): { loadS: number; indexS: number } {
  const tmp = `${path}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const t0 = process.hrtime.bigint();
  const db = openDb(tmp);
  db.pragma('synchronous = OFF');
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  let stored = 0;
  for (let d = plan.end - plan.days * DAY; d < plan.end; d += DAY) {
    const day = plan.day(d);
    db.transaction(() => insertCallsInTx(db, day, null))();
    stored += day.length;
    process.stdout.write(`\r  ${plan.label}: ${stored.toLocaleString('en-US')} calls`);
  }
  const loadS = secs(t0);
  const t1 = process.hrtime.bigint();
  for (const i of indexes) db.exec(i.sql);
  const indexS = secs(t1);
  plan.finish?.(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(tmp, path);
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  return { loadS, indexS };
}
