/**
 * The composition root: config -> db -> ctx -> the HTTP server, every chat platform whose
 * credentials are set, and the digest scheduler. Thin on purpose: each piece is built elsewhere.
 */
import type { FastifyInstance } from 'fastify';
import { EscalationWorker, type WorkerOptions } from './core/escalation/index.js';
import { DigestScheduler } from './core/schedule/scheduler.js';
import type { DiscordBot, DiscordBotOptions } from './adapters/discord/bot.js';
import type { SlackBot, SlackBotOptions } from './adapters/slack/app.js';
import { SLACK_EVENTS_PATH } from './adapters/slack/http-route.js';
import type { CommandSource } from './adapters/shared/commands.js';
import { WorkQueue } from './adapters/shared/work-queue.js';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { UserError } from './errors.js';
import { startHttpServer, type HttpPlugin } from './http/server.js';
import type { Poster } from './post.js';
import { pruneInteractions } from './store/interactions.js';
import { DbWorkers } from './workers/pool.js';

/** Something that runs on a timer with the posters (the digest scheduler). */
export interface Job {
  start(): void;
  stop(): void | Promise<void>;
}

export interface ServeOptions {
  commands?: CommandSource;
  slack?: SlackBotOptions;
  discord?: DiscordBotOptions;
  /** Start the HTTP server (default true). */
  http?: boolean;
  /** Builds the digest scheduler (default: DigestScheduler); false for none. */
  scheduler?: ((ctx: Ctx, posters: Poster[]) => Job | undefined) | false;
  /** The escalation worker (reminders, routing posts, webhook outbox); false for none. */
  escalations?: WorkerOptions | false;
  /** Posters besides the chat platforms' (the console's), handed to the scheduler. */
  extraPosters?: Poster[];
  /** Keep going without HTTP when the port is taken (the console needs no HTTP). */
  httpOptional?: boolean;
  /** Start-up lines ("HTTP on ...", "Slack: socket mode ..."). */
  say?: (line: string) => void;
  /** Database threads for commands and writes (default: on for a database file, off for :memory:). */
  workers?: boolean;
}

export interface Services {
  http?: FastifyInstance;
  httpUrl?: string;
  slack?: SlackBot;
  discord?: DiscordBot;
  posters: Poster[];
  stop(): Promise<void>;
}

/** Which chat platforms are configured; a half-configured one is a UserError with one sentence. */
export function configuredPlatforms(config: Config): { slack: boolean; discord: boolean } {
  const s = config.slack;
  const d = config.discord;
  const slack = Boolean(s.botToken || s.signingSecret || s.appToken);
  if (slack && !s.botToken) {
    throw new UserError('slack.config', `${s.appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN is not: set the bot token (OAuth & Permissions, xoxb-...).`);
  }
  if (slack && !s.signingSecret && !s.appToken) {
    throw new UserError('slack.config', 'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.');
  }
  const discord = Boolean(d.token || d.applicationId);
  if (discord && !(d.token && d.applicationId)) {
    throw new UserError('discord.config', d.token ? 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: set both.' : 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: set both.');
  }
  return { slack, discord };
}

function defaultScheduler(ctx: Ctx, posters: Poster[]): Job {
  return new DigestScheduler(ctx, posters);
}

/** The event loop's own connection waits at most this long for a lock (claims, token checks, timers). */
const EVENT_LOOP_LOCK_WAIT_MS = 250;

/**
 * The database threads for `serve`, on a database file. An in-memory database cannot be shared
 * with threads: there everything stays on ctx.db (tests).
 */
async function startWorkers(ctx: Ctx): Promise<DbWorkers | undefined> {
  if (ctx.db.memory || ctx.db.name === '' || ctx.db.name === ':memory:') return undefined;
  const env = ctx.config.env;
  const workers = await DbWorkers.start({
    dbPath: ctx.db.name,
    config: ctx.config,
    log: ctx.log,
    threads: env.SIPBOT_DB_THREADS,
    commandLockWaitMs: env.SIPBOT_COMMAND_LOCK_WAIT_MS,
    writeLockWaitMs: env.SIPBOT_WEBHOOK_LOCK_WAIT_MS,
  });
  // What still runs here (interaction claims, token checks, the escalation and digest timers) must
  // not hold the event loop for SQLite's 10 s busy timeout while another process writes.
  ctx.db.pragma(`busy_timeout = ${EVENT_LOOP_LOCK_WAIT_MS}`);
  return workers;
}

export async function startServices(base: Ctx, opts: ServeOptions = {}): Promise<Services> {
  const say = opts.say ?? ((line: string) => base.log.info(line));
  const which = configuredPlatforms(base.config);
  const workers = opts.workers === false ? undefined : await startWorkers(base);
  const ctx: Ctx = workers ? { ...base, workers } : base;
  // One queue for both platforms: they share the CPU and the database threads.
  const queue = new WorkQueue({ concurrency: workers?.threads ?? 1 });
  const extra = { queue, ...(opts.commands ? { commands: opts.commands } : {}) };
  // Each SDK costs about a second to load: only the configured ones are (the console needs neither).
  const slack = which.slack ? (await import('./adapters/slack/app.js')).createSlackBot(ctx, { ...opts.slack, ...extra }) : undefined;
  const discord = which.discord ? (await import('./adapters/discord/bot.js')).createDiscordBot(ctx, { ...opts.discord, ...extra }) : undefined;
  const services: Services = { posters: [...(opts.extraPosters ?? [])], stop: async () => undefined };
  const stops: Array<() => Promise<void> | void> = [];
  if (workers) stops.push(() => workers.close());
  services.stop = async () => {
    for (const s of stops.splice(0).reverse()) await Promise.resolve(s()).catch((err: unknown) => ctx.log.warn({ err }, 'error while stopping'));
  };
  try {
    if (opts.http !== false) {
      const plugins: HttpPlugin[] = slack?.httpPlugin ? [slack.httpPlugin] : [];
      try {
        const http = await startHttpServer(ctx, { plugins });
        stops.push(() => http.close());
        const addr = http.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : ctx.config.port;
        services.http = http;
        services.httpUrl = `http://${ctx.config.host.includes(':') ? `[${ctx.config.host}]` : ctx.config.host}:${port}`;
        say(`HTTP on ${services.httpUrl} (POST /api/v1/calls, /webhooks/*${slack?.mode === 'http' ? `, ${SLACK_EVENTS_PATH}` : ''}; GET /healthz, /metrics)`);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
        const why = `port ${ctx.config.port} on ${ctx.config.host} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}`;
        if (!opts.httpOptional) throw new UserError('http.listen', `Cannot start HTTP: ${why}; set SIPBOT_PORT to a free port.`);
        say(`HTTP: not started (${why}; set SIPBOT_PORT to serve the ingest API)`);
      }
    }
    if (slack) {
      const who = await slack.start();
      stops.push(() => slack.stop());
      services.slack = slack;
      services.posters.push(slack.poster);
      say(slack.mode === 'socket' ? `Slack: socket mode, ${who}` : `Slack: HTTP mode at ${services.httpUrl ?? ''}${SLACK_EVENTS_PATH}, ${who}`);
    }
    if (discord) {
      const who = await discord.start();
      stops.push(() => discord.stop());
      services.discord = discord;
      services.posters.push(discord.poster);
      say(`Discord: connected as ${who}`);
    }
    // Platforms stop redelivering within minutes; a day of interaction keys is plenty.
    const prune = (): void => {
      try {
        pruneInteractions(ctx.db, ctx.clock.now().getTime() - 86_400_000);
      } catch (err) {
        // Busy under another writer: the next hour prunes them.
        ctx.log.debug({ err }, 'interaction keys not pruned');
      }
    };
    prune();
    const pruner = setInterval(prune, 3_600_000).unref();
    stops.push(() => clearInterval(pruner));
    const job = opts.scheduler === false ? undefined : opts.scheduler ? opts.scheduler(ctx, services.posters) : defaultScheduler(ctx, services.posters);
    if (job) {
      job.start();
      stops.push(() => job.stop());
      say(`Digest scheduler: on (${ctx.config.timeZone}), ${services.posters.length ? `posting to ${services.posters.map((p) => p.platform).join(', ')}` : 'with no chat platform to post to yet'}`);
    }
    if (opts.escalations !== false) {
      const slackApp = slack?.app;
      const groupMembers = slackApp
        ? async (usergroup: string): Promise<string[]> => (await slackApp.client.usergroups.users.list({ usergroup })).users ?? []
        : undefined;
      const worker = new EscalationWorker(ctx, services.posters, { ...(groupMembers ? { groupMembers } : {}), ...(opts.escalations ?? {}) });
      worker.start();
      stops.push(() => worker.stop());
      const esc = ctx.config.escalation;
      say(`Escalations: ${esc.channels.length ? `routed to ${esc.channels.join(', ')}` : 'no SIPBOT_ESCALATION_CHANNEL set (stored, listed by sipbot escalations)'}${esc.webhookUrl ? `, webhook ${new URL(esc.webhookUrl).host}` : ''}`);
    }
  } catch (e) {
    await services.stop();
    throw e;
  }
  return services;
}
