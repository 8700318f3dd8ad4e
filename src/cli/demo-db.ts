import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { generateDemo } from '../core/demo/seed-db.js';
import { UserError } from '../errors.js';
import { hasCallsNotFrom, latestCallMs } from '../store/call-span.js';
import { openDb, type Db } from '../store/db.js';

const DAY = 86_400_000;
export const DEMO_SOURCE = 'demo';
export const DEMO_DAYS = 8;
export const DEMO_CALLS_PER_DAY = 10_000;

/**
 * The demo lives in its own file beside the real database (data/demo.db), so demo findings never
 * cite a real route and ingesting real calls never lands among demo traffic.
 */
export function demoDbPath(config: Pick<Config, 'dbPath'>): string {
  return config.dbPath === ':memory:' ? ':memory:' : join(dirname(config.dbPath), 'demo.db');
}

export function isSameFile(a: string, b: string): boolean {
  return a !== ':memory:' && b !== ':memory:' && resolve(a) === resolve(b);
}

/** Deletes a demo database and its WAL files; refuses a file that holds anything but demo calls. */
export function removeDemoDb(path: string): boolean {
  if (path === ':memory:' || !existsSync(path)) return false;
  const db = openDb(path);
  try {
    if (hasCallsNotFrom(db, DEMO_SOURCE)) {
      throw new UserError('demo.real_data', `${path} holds calls that are not demo traffic; not deleting it.`, [
        'Delete it yourself if that is what you want.',
      ]);
    }
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  return true;
}

/** True when the demo's traffic reaches yesterday (UTC), so "yesterday" has its planted patterns. */
export function demoIsCurrent(db: Db, nowMs: number): boolean {
  const latest = latestCallMs(db);
  return latest !== null && latest >= Math.floor(nowMs / DAY) * DAY - DAY;
}

/** Fills an empty database with the standard demo: 8 days ending yesterday, patterns on the last. */
export function seedDemo(db: Db, nowMs: number): number {
  const end = new Date(Math.floor(nowMs / DAY) * DAY);
  return generateDemo(db, { end, days: DEMO_DAYS, callsPerDay: DEMO_CALLS_PER_DAY, source: DEMO_SOURCE }).stored;
}

/**
 * Opens the demo database, creating it or regenerating it when its traffic ended before
 * yesterday: the demo is always "last week up to yesterday", whenever it is opened.
 */
export function openCurrentDemo(path: string, nowMs: number, say: (line: string) => void): Db {
  let db = openDb(path);
  if (demoIsCurrent(db, nowMs)) return db;
  if (latestCallMs(db) !== null) {
    db.close();
    removeDemoDb(path);
    db = openDb(path);
    say(`The demo traffic in ${path} is old: regenerating it to end yesterday...`);
  } else {
    say(`Creating the demo database ${path}: ${DEMO_DAYS} days of made-up traffic ending yesterday...`);
  }
  const stored = seedDemo(db, nowMs);
  say(`Stored ${stored.toLocaleString('en-US')} demo calls. Yesterday has 403 patterns to find.`);
  return db;
}
