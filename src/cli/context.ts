import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Ctx } from '../context.js';
import { createLogger } from '../log.js';
import { openDb } from '../store/db.js';

/** Builds the context a CLI command runs in. `--db` wins over SIPBOT_DB. Logs go to stderr. */
export function cliCtx(opts: { db?: string }, env: NodeJS.ProcessEnv = process.env, logLevel?: string): Ctx {
  const config: Config = loadConfig(env);
  if (opts.db) config.dbPath = opts.db;
  const log = createLogger(logLevel ?? (env.SIPBOT_LOG_LEVEL ? config.logLevel : 'warn'));
  return { db: openDb(config.dbPath), clock: systemClock, log, config };
}
