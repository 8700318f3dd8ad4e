import type Database from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { ChatPlatformName } from './adapters/platforms.js';
import type { DbWorkers } from './workers/pool.js';

/** What every command, job and handler is given. Nothing in core imports a singleton. */
export interface Ctx {
  db: Database.Database;
  clock: Clock;
  log: Logger;
  config: Config;
  /**
   * `serve` only: the database threads. Commands run through src/adapters/shared/run.ts and
   * webhook and API writes go there instead of this thread's `db`. Absent elsewhere (CLI,
   * console, tests on :memory:), where everything runs on `db` directly.
   */
  workers?: DbWorkers;
}

/** Where a request came from: a chat platform of the list in src/adapters/platforms.ts, the CLI or HTTP. */
export type Platform = ChatPlatformName | 'cli' | 'http';

/** Who asked, and where. */
export interface Invoker {
  platform: Platform;
  userId: string;
  userName?: string;
  channelId: string;
  /** Slack team / Discord guild. */
  teamId?: string;
  /** Slack thread ts or Discord message id to reply under, if any. */
  threadId?: string;
}

/** What a command, button or form handler is given: the context and who asked. */
export interface CommandEnv {
  ctx: Ctx;
  invoker: Invoker;
}
