import type { Config } from '../config.js';
import type { Ctx } from '../context.js';
import type { HttpPlugin } from '../http/server.js';
import type { ChannelRef, Poster } from '../post.js';
import type { ReplyFile } from '../reply.js';
import type { CommandSource } from './shared/commands.js';
import type { WorkQueue } from './shared/work-queue.js';

/**
 * The one seam between sipbot and a chat platform (bolt-js's `Receiver` is the model). Slack,
 * Discord and the console implement it in their own folders; src/main.ts starts whatever
 * src/adapters/platforms.ts lists and the config turns on, and core code only sees Poster.
 * The shared orchestration (3 s ack/defer, long-reply fitting, error replies) lives in
 * shared/respond.ts and is used by every implementation, not re-written per platform.
 */
export interface ChatPlatform extends Poster {
  /** The name people know it by, for start-up lines ("Slack"). */
  readonly label: string;
  /** What the renderers of this platform keep every message within (documented next to them). */
  readonly limits: PlatformLimits;
  /** Routes mounted on the shared HTTP server before it listens (Slack's POST /slack/events). */
  readonly http?: { plugin: HttpPlugin; paths: string[] };
  /** Resolves when the platform ends by itself (the console's input closed); absent: runs until stop(). */
  readonly ended?: Promise<string>;
  /** Connects; resolves to the start-up line ("socket mode, @sipbot in Acme"). */
  start(env: { httpUrl?: string }): Promise<string>;
  stop(): Promise<void>;
  /** Sends files (evidence, CSVs, charts) to a channel, a thread or a user's direct messages. */
  upload(target: ChannelRef, files: ReplyFile[], comment?: string): Promise<void>;
  /** How this platform writes a mention of one of its users and a link to one of its channels. */
  mention(userId: string): string;
  channelLink(channelId: string): string;
  /** Members of a user group this platform knows (`S0123` on Slack), or null when `id` is not one. */
  groupMembers?(id: string): Promise<string[] | null>;
}

/** Per-message limits, for the shared fitting and for docs; the renderer enforces the details. */
export interface PlatformLimits {
  /** Messages one answer may take before the rest goes into an attached file (Slack: response_url takes 5). */
  messagesPerAnswer: number;
  /** Buttons one message holds before the rest move to an overflow menu or a further message. */
  buttonsPerMessage: number;
}

/** What the composition root hands a platform. */
export interface PlatformDeps {
  commands: CommandSource;
  /** One queue for all platforms: they share the CPU and the database. */
  queue: WorkQueue;
  ackBudgetMs?: number;
  /** This platform's own options (tests: `{ retries: 0 }`; serve: the console's streams). */
  options: Readonly<Record<string, unknown>>;
}

/** A platform's entry in the list: cheap to import (no SDK) until `load()`. */
export interface PlatformEntry {
  /** Whether the config turns this platform on; a half-configured one is a UserError naming what is missing. */
  configured(config: Config): boolean;
  load(): Promise<{ create(ctx: Ctx, deps: PlatformDeps): ChatPlatform }>;
  /** Runs on the database file itself (the console): whoever uses it could write the tables directly, so no expert list applies. */
  local?: boolean;
}
