import type Database from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { ChatPlatformName } from './adapters/platforms.js';

/** What every command, job and handler is given. Nothing in core imports a singleton. */
export interface Ctx {
  db: Database.Database;
  clock: Clock;
  log: Logger;
  config: Config;
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
