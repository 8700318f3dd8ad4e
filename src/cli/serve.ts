import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { countCalls } from '../store/calls.js';
import { cliCtx } from './context.js';

const DAY = 86_400_000;

/** First run of the console: a week of baseline plus yesterday with the planted 403 patterns. */
async function seedDemoIfEmpty(ctx: Ctx): Promise<void> {
  if (countCalls(ctx.db) > 0) return;
  process.stdout.write(`First run: seeding ${ctx.config.dbPath} with 8 days of demo traffic (sipbot demo)...\n`);
  const { generateDemo } = await import('../core/demo/seed-db.js');
  const end = new Date(Math.floor(ctx.clock.now().getTime() / DAY) * DAY);
  const r = generateDemo(ctx.db, { end, days: 8, callsPerDay: 10_000 });
  process.stdout.write(`Stored ${r.stored.toLocaleString('en-US')} demo calls. Yesterday has 403 patterns to find.\n`);
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
 * server and the digest scheduler. With no chat platform configured it opens the console on
 * the embedded database, seeded with demo data on first run.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('run the bot: configured chat platforms, the HTTP API and the digest scheduler (the console when no chat platform is set)')
    .option('--no-console', 'with no chat platform configured, run the HTTP server only')
    .option('--no-demo', 'do not seed demo data into an empty database')
    .action(async (opts: { db?: string; console: boolean; demo: boolean }) => {
      // Loaded here, not at the top: the chat SDKs cost every other sipbot command ~1 s and ~100 MB.
      const { configuredPlatforms, startServices } = await import('../main.js');
      const ctx = cliCtx(opts);
      try {
        const useConsole = configuredPlatforms(ctx.config).length === 0 && opts.console;
        if (useConsole && opts.demo) await seedDemoIfEmpty(ctx);
        if (useConsole) {
          process.stdout.write(`Console: ${ctx.config.dbPath} (no SLACK_* or DISCORD_* credentials set). Type /sip 403, digest, check, help; a number presses a button; quit or Ctrl-D to leave.\n`);
        }
        const services = await startServices(ctx, {
          say: (line) => process.stdout.write(line + '\n'),
          httpOptional: useConsole,
          ...(useConsole
            ? {
                start: ['console'],
                platforms: {
                  console: { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, banner: false, color: process.stdout.isTTY === true, width: Math.min(process.stdout.columns || 80, 100) },
                },
              }
            : {}),
        });
        if (!useConsole) process.stdout.write('Ready. Ctrl-C to stop.\n');
        const how = await Promise.race([services.ended, waitForSignal()]);
        process.stdout.write(`Stopping (${how})...\n`);
        await services.stop();
      } finally {
        ctx.db.close();
      }
      // A platform SDK that keeps a socket open must not keep the process alive after a clean stop.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
    });
}
