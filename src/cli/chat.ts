import type { Command } from 'commander';
import { countCalls } from '../store/calls.js';
import { cliCtx } from './context.js';
import { demoDbPath } from './demo-db.js';

/** `sipbot chat`: the local console over the database; works with piped input too. */
export function register(program: Command): void {
  program
    .command('chat')
    .description('the local console: type chat commands (/sip 403, digest, check), press buttons by number')
    .option('--save-dir <dir>', 'where charts are saved (default: charts/ beside the database)')
    .action(async (opts: { db?: string; saveDir?: string }) => {
      const { runConsole } = await import('../adapters/console/console.js');
      const ctx = cliCtx(opts);
      try {
        const tty = process.stdin.isTTY === true;
        if (tty && countCalls(ctx.db) === 0) {
          process.stdout.write(
            `${ctx.config.dbPath} has no calls yet: \`sipbot ingest FILE\` loads yours; \`sipbot chat --db ${demoDbPath(ctx.config)}\` opens the demo.\n`,
          );
        }
        await runConsole(ctx, {
          input: process.stdin,
          output: process.stdout,
          interactive: tty,
          color: process.stdout.isTTY === true,
          width: Math.min(process.stdout.columns || 80, 100),
          ...(opts.saveDir ? { saveDir: opts.saveDir } : {}),
        });
      } finally {
        ctx.db.close();
      }
    });
}
