/**
 * The composition root: config -> db -> ctx -> the HTTP server, every chat platform of
 * src/adapters/platforms.ts that the config turns on (or the caller asks for), and the
 * digest scheduler and escalation worker. Thin on purpose: each piece is built elsewhere, and
 * nothing here names a platform.
 */
import type { FastifyInstance } from 'fastify';
import { AlertScheduler, type AlertSchedulerOptions } from './core/alerts/scheduler.js';
import { EscalationWorker, type WorkerOptions } from './core/escalation/index.js';
import { RedressFollowUp } from './core/redress/follow-up.js';
import { DigestScheduler } from './core/schedule/scheduler.js';
import type { ChatPlatform } from './adapters/platform.js';
import { CHAT_PLATFORMS, CHAT_PLATFORM_NAMES, type ChatPlatformName } from './adapters/platforms.js';
import type { CommandSource } from './adapters/shared/commands.js';
import { registrySource } from './adapters/shared/commands.js';
import { WorkQueue } from './adapters/shared/work-queue.js';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { UserError } from './errors.js';
import { startHttpServer } from './http/server.js';
import type { Poster } from './post.js';
import { dbOp } from './workers/ops.js';
import { DbWorkers } from './workers/pool.js';

/** Something that runs on a timer with the posters (the digest scheduler). */
export interface Job {
  start(): void;
  stop(): void | Promise<void>;
}

export interface ServeOptions {
  commands?: CommandSource;
  /**
   * Platforms to start besides those the config turns on, each with its own options (tests:
   * `{ slack: { retries: 0 } }` tunes a configured one; serve: `{ console: { input, output } }`).
   */
  platforms?: Partial<Record<ChatPlatformName, Record<string, unknown>>>;
  /** Platforms to start although the config does not turn them on (serve's console). */
  start?: ChatPlatformName[];
  /** How long a command may run before the platform acknowledges it alone. */
  ackBudgetMs?: number;
  /** Start the HTTP server (default true). */
  http?: boolean;
  /** Builds the digest scheduler (default: DigestScheduler); false for none. */
  scheduler?: ((ctx: Ctx, posters: Poster[]) => Job | undefined) | false;
  /** The escalation worker (reminders, routing posts, webhook outbox); false for none. */
  escalations?: WorkerOptions | false;
  /** The redress follow-ups (checks 3, 7, 14 days after a request is submitted); false for none. */
  redress?: false;
  /** The alerts' evaluation and deliveries; false for none. */
  alerts?: AlertSchedulerOptions | false;
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
  platforms: ChatPlatform[];
  /** The platforms as the scheduler and the escalation worker see them. */
  posters: Poster[];
  /** The alerts' scheduler, when it runs. */
  alerts?: AlertScheduler;
  /** The database threads, on a database file. */
  workers?: DbWorkers;
  /** Resolves when a platform ends by itself (the console's input closed); never, for the others. */
  ended: Promise<string>;
  stop(): Promise<void>;
}

/** The chat platforms the config turns on; a half-configured one is a UserError with one sentence. */
export function configuredPlatforms(config: Config): ChatPlatformName[] {
  return CHAT_PLATFORM_NAMES.filter((name) => CHAT_PLATFORMS[name].configured(config));
}

function defaultScheduler(ctx: Ctx, posters: Poster[]): Job {
  return new DigestScheduler(ctx, posters);
}

/** The event loop's own connection waits at most this long for a lock (it should see no use in `serve`). */
const EVENT_LOOP_LOCK_WAIT_MS = 50;

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
    ingestTimeoutMs: env.SIPBOT_HTTP_REQUEST_TIMEOUT_MS,
  });
  // The server's queries all run in the threads (claims, tokens and the timers in the quick one).
  // Should anything still reach this connection, it must not hold the event loop for SQLite's
  // 10 s busy timeout while another process writes.
  ctx.db.pragma(`busy_timeout = ${EVENT_LOOP_LOCK_WAIT_MS}`);
  return workers;
}

async function createPlatforms(ctx: Ctx, opts: ServeOptions): Promise<ChatPlatform[]> {
  const names = CHAT_PLATFORM_NAMES.filter((n) => opts.start?.includes(n) || CHAT_PLATFORMS[n].configured(ctx.config));
  // One queue for every platform: they share the CPU and the database threads.
  const queue = new WorkQueue({ concurrency: ctx.workers?.threads ?? 1 });
  const commands = opts.commands ?? registrySource;
  return Promise.all(
    names.map(async (name) => {
      const mod = await CHAT_PLATFORMS[name].load();
      return mod.create(ctx, {
        commands,
        queue,
        options: opts.platforms?.[name] ?? {},
        ...(opts.ackBudgetMs ? { ackBudgetMs: opts.ackBudgetMs } : {}),
      });
    }),
  );
}

/** The resolver the escalation worker uses for expert groups: the first platform that knows the id. */
function groupMembers(platforms: ChatPlatform[]): WorkerOptions['groupMembers'] {
  const able = platforms.filter((p) => p.groupMembers);
  if (!able.length) return undefined;
  return async (id) => {
    for (const p of able) {
      const members = await p.groupMembers!(id);
      if (members) return members;
    }
    return null;
  };
}

function hostUrl(config: Config, port: number): string {
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

export async function startServices(base: Ctx, opts: ServeOptions = {}): Promise<Services> {
  const say = opts.say ?? ((line: string) => base.log.info(line));
  configuredPlatforms(base.config); // a half-configured platform fails here, before anything starts
  const workers = opts.workers === false ? undefined : await startWorkers(base);
  const ctx: Ctx = workers ? { ...base, workers } : base;
  const stops: Array<() => Promise<void> | void> = [];
  if (workers) stops.push(() => workers.close());
  let platforms: ChatPlatform[];
  try {
    platforms = await createPlatforms(ctx, opts);
  } catch (e) {
    await workers?.close();
    throw e;
  }
  const services: Services = {
    ...(workers ? { workers } : {}),
    platforms: [],
    posters: [],
    ended: Promise.race(platforms.flatMap((p) => (p.ended ? [p.ended] : [new Promise<string>(() => undefined)]))),
    stop: async () => {
      for (const s of stops.splice(0).reverse())
        await Promise.resolve(s()).catch((err: unknown) => ctx.log.warn({ err }, 'error while stopping'));
    },
  };
  try {
    if (opts.http !== false) {
      const mounted = platforms.flatMap((p) => (p.http ? [p.http] : []));
      try {
        const http = await startHttpServer(ctx, { plugins: mounted.map((m) => m.plugin) });
        stops.push(() => http.close());
        const addr = http.server.address();
        services.http = http;
        services.httpUrl = hostUrl(ctx.config, typeof addr === 'object' && addr ? addr.port : ctx.config.port);
        const extra = mounted
          .flatMap((m) => m.paths)
          .map((p) => `, ${p}`)
          .join('');
        say(`HTTP on ${services.httpUrl} (POST /api/v1/calls, /webhooks/*${extra}; GET /healthz, /metrics)`);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
        const why = `port ${ctx.config.port} on ${ctx.config.host} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}`;
        if (!opts.httpOptional)
          throw new UserError('http.listen', `Cannot start HTTP: ${why}; set SIPBOT_PORT to a free port.`);
        say(`HTTP: not started (${why}; set SIPBOT_PORT to serve the ingest API)`);
      }
    }
    for (const p of platforms) {
      const line = await p.start(services.httpUrl ? { httpUrl: services.httpUrl } : {});
      stops.push(() => p.stop());
      services.platforms.push(p);
      services.posters.push(p);
      say(`${p.label}: ${line}`);
    }
    // Platforms stop redelivering within minutes; a day of interaction keys is plenty.
    const prune = (): void => {
      dbOp(ctx, 'pruneInteractions', ctx.clock.now().getTime() - 86_400_000).catch((err: unknown) =>
        // Busy under another writer: the next hour prunes them.
        ctx.log.debug({ err }, 'interaction keys not pruned'),
      );
    };
    prune();
    const pruner = setInterval(prune, 3_600_000).unref();
    stops.push(() => clearInterval(pruner));
    const job =
      opts.scheduler === false
        ? undefined
        : opts.scheduler
          ? opts.scheduler(ctx, services.posters)
          : defaultScheduler(ctx, services.posters);
    if (job) {
      job.start();
      stops.push(() => job.stop());
      say(
        `Digest scheduler: on (${ctx.config.timeZone}), ${services.posters.length ? `posting to ${services.posters.map((p) => p.platform).join(', ')}` : 'with no chat platform to post to yet'}`,
      );
    }
    if (opts.escalations !== false) {
      const members = groupMembers(platforms);
      const worker = new EscalationWorker(ctx, services.posters, {
        ...(members ? { groupMembers: members } : {}),
        ...(opts.escalations ?? {}),
      });
      worker.start();
      stops.push(() => worker.stop());
      const esc = ctx.config.escalation;
      say(
        `Escalations: ${esc.channels.length ? `routed to ${esc.channels.join(', ')}` : 'no SIPBOT_ESCALATION_CHANNEL set (stored, listed by sipbot escalations)'}${esc.webhookUrl ? `, webhook ${new URL(esc.webhookUrl).host}` : ''}`,
      );
    }
    if (opts.redress !== false) {
      const followUp = new RedressFollowUp(ctx, services.posters);
      followUp.start();
      stops.push(() => followUp.stop());
    }
    if (opts.alerts !== false) {
      const alerts = new AlertScheduler(ctx, services.posters, opts.alerts ?? {});
      alerts.start();
      stops.push(() => alerts.stop());
      services.alerts = alerts;
      const a = ctx.config.alerts;
      say(
        `Alerts: every ${a.stepMs / 1000} s over ${a.shortMs / 60_000} and ${a.longMs / 60_000} min${a.webhookUrl ? `, PagerDuty events to ${new URL(a.webhookUrl).host}` : ''}`,
      );
    }
  } catch (e) {
    await services.stop();
    throw e;
  }
  return services;
}
