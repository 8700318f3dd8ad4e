import type { Command } from 'commander';
import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { Ctx } from '../context.js';
import { countCalls } from '../store/calls.js';
import { cliCtx } from './context.js';
import { demoDbPath, openCurrentDemo } from './demo-db.js';
import { markDeadImports } from './interrupted.js';

/**
 * Whether someone can type at the console: a terminal, or commands piped or redirected in. In
 * Docker (no -i) and under systemd stdin is /dev/null, a character device that is not a TTY:
 * there the bot runs headless instead of reading an empty console and exiting.
 */
export function stdinFeedsConsole(fd = 0): boolean {
  try {
    const st = fstatSync(fd);
    return isatty(fd) || st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/** The console's database: the real one, or the demo one (kept current) while the real one is empty. */
function consoleCtx(ctx: Ctx, demo: boolean, say: (line: string) => void): Ctx {
  if (!demo || countCalls(ctx.db) > 0) return ctx;
  const path = demoDbPath(ctx.config);
  say(
    `No calls in ${ctx.config.dbPath} yet, so the console opens the demo database ${path} (made-up traffic, kept apart from yours).`,
  );
  const db = openCurrentDemo(path, ctx.clock.now().getTime(), say);
  say(
    'Load your own calls with `sipbot ingest FILE` (or POST /api/v1/calls); `sipbot demo --remove` deletes the demo.',
  );
  return { ...ctx, db, config: { ...ctx.config, dbPath: path } };
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

/**
 * `sipbot serve` (and `npm start`): every chat platform whose credentials are set, the HTTP
 * server and the digest scheduler. With no chat platform configured it opens the console when
 * someone can type (on the demo database while the real one is empty), and otherwise runs
 * headless: the HTTP API and the scheduler, as in Docker or under systemd.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'run the bot: configured chat platforms, the HTTP API and the digest scheduler (the console when no chat platform is set and stdin is a terminal)',
    )
    .option('--no-console', 'with no chat platform configured, run the HTTP API and the scheduler only')
    .option('--no-demo', 'open the console on the real database even while it is empty')
    .action(async (opts: { db?: string; console: boolean; demo: boolean }) => {
      // Loaded here, not at the top: the chat SDKs cost every other sipbot command ~1 s and ~100 MB.
      const [{ defaultSaveDir }, { configuredPlatforms, startServices }] = await Promise.all([
        import('../adapters/console/console.js'),
        import('../main.js'),
      ]);
      const say = (line: string): void => void process.stdout.write(line + '\n');
      const ctx = cliCtx(opts);
      let shown: Ctx = ctx;
      try {
        const marked = markDeadImports(ctx);
        if (marked)
          say(
            `${marked} import${marked === 1 ? '' : 's'} left running by a stopped process marked interrupted; sending the same input again stores the rest.`,
          );
        const noPlatform = configuredPlatforms(ctx.config).length === 0;
        const useConsole = noPlatform && opts.console && stdinFeedsConsole();
        if (useConsole) shown = consoleCtx(ctx, opts.demo, say);
        const saveDir = defaultSaveDir(shown);
        if (useConsole)
          say(
            `Console: ${shown.config.dbPath} (no SLACK_* or DISCORD_* credentials set). Type /sip 403, digest, check, help; a number presses a button; quit or Ctrl-D to leave.`,
          );
        // The services (HTTP ingest, scheduler, escalations) always work on the real database; the console reads `shown`.
        const services = await startServices(ctx, {
          say,
          httpOptional: useConsole,
          ...(useConsole
            ? {
                start: ['console'],
                platforms: {
                  console: {
                    ctx: shown,
                    input: process.stdin,
                    output: process.stdout,
                    interactive: process.stdin.isTTY === true,
                    banner: false,
                    color: process.stdout.isTTY === true,
                    width: Math.min(process.stdout.columns || 80, 100),
                    saveDir,
                  },
                },
              }
            : {}),
        });
        if (!useConsole) {
          if (noPlatform)
            say(
              'No chat platform configured (SLACK_* / DISCORD_*) and no terminal to read: serving the HTTP API and the digest scheduler.',
            );
          say('Ready. Ctrl-C to stop.');
        }
        const how = await Promise.race([services.ended, waitForSignal()]);
        say(`Stopping (${how})...`);
        await services.stop();
      } finally {
        if (shown !== ctx) shown.db.close();
        ctx.db.close();
      }
      // A platform SDK that keeps a socket open must not keep the process alive after a clean stop.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
    });
}
