import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { openDb, type Db } from '../store/db.js';

/** What a database thread is started with (structured-clone safe). */
export interface WorkerSetup {
  dbPath: string;
  config: Config;
  logLevel: string;
  /** This thread's busy_timeout: how long a statement waits for another writer's lock. */
  lockWaitMs: number;
  /** A niceness to run this thread at (Linux), so the event loop wins the CPU from it. */
  nice?: number;
}

/**
 * Lowers this thread's CPU priority. On Linux each thread has its own niceness and
 * /proc/thread-self names the thread's id; raising one's own niceness needs no privilege.
 * Elsewhere (no /proc) the thread keeps the process's priority.
 */
function lowerPriority(nice: number, log: Logger): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch (err) {
    log.debug({ err }, 'thread priority not lowered');
  }
}

/** The thread's own connection and logger. Logs go to stderr like the main thread's. */
export function openWorkerDb(setup: WorkerSetup, component: string): { db: Db; log: Logger } {
  const db = openDb(setup.dbPath);
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(setup.lockWaitMs))}`);
  const log = createLogger(setup.logLevel).child({ component });
  if (setup.nice) lowerPriority(setup.nice, log);
  return { db, log };
}
