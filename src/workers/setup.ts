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
}

/** The thread's own connection and logger. Logs go to stderr like the main thread's. */
export function openWorkerDb(setup: WorkerSetup, component: string): { db: Db; log: Logger } {
  const db = openDb(setup.dbPath);
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(setup.lockWaitMs))}`);
  const log = createLogger(setup.logLevel).child({ component });
  return { db, log };
}
