import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Ctx } from '../context.js';
import { createLogger } from '../log.js';
import { openDb } from '../store/db.js';
import { demoDbPath, isSameFile, openCurrentDemo } from './demo-db.js';

/**
 * Builds the context a CLI command runs in. `--db` wins over SIPBOT_DB. Logs go to stderr.
 * The demo database (data/demo.db) is brought up to yesterday whenever a command opens it.
 */
export function cliCtx(opts: { db?: string }, env: NodeJS.ProcessEnv = process.env, logLevel?: string): Ctx {
  const config: Config = loadConfig(env);
  const demo = demoDbPath(config);
  if (opts.db) config.dbPath = opts.db;
  const log = createLogger(logLevel ?? (env.SIPBOT_LOG_LEVEL ? config.logLevel : 'warn'));
  const db = isSameFile(demo, config.dbPath)
    ? openCurrentDemo(config.dbPath, systemClock.now().getTime(), (line) => process.stderr.write(line + '\n'))
    : openDb(config.dbPath);
  return { db, clock: systemClock, log, config };
}
