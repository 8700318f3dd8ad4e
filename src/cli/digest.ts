import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { assertTimeZone, checkDayWord, resolveDay } from '../core/digest/day-window.js';
import { isUserError, UserError } from '../errors.js';
import { renderText } from '../render/text.js';
import { cliCtx } from './context.js';

/** Bad --date / --tz values are usage errors (exit 2), like any other bad option. */
function usage<T>(check: (v: string) => T): (v: string) => string {
  return (v) => {
    try {
      check(v);
    } catch (e) {
      if (isUserError(e)) throw new InvalidArgumentError(e.message);
      throw e;
    }
    return v;
  };
}

/** `sipbot digest`: the daily 403 pattern digest of one local day. */
export function register(program: Command): void {
  program
    .command('digest')
    .description('the daily 403 pattern digest of a local day (default: yesterday in $SIPBOT_TIMEZONE)')
    .option(
      '--date <YYYY-MM-DD>',
      'the local day to digest: YYYY-MM-DD, yesterday (default) or today',
      usage(checkDayWord),
    )
    .option('--tz <zone>', 'IANA time zone of the day (default $SIPBOT_TIMEZONE, else UTC)', usage(assertTimeZone))
    .option('--json', 'print the analysis as JSON (shape in docs/analysis.md)')
    .option('--chart <file.png>', 'write the refusals-by-hour chart to this PNG file')
    .action(async (opts: { db?: string; date?: string; tz?: string; json?: boolean; chart?: string }) => {
      const ctx = cliCtx(opts);
      try {
        const tz = opts.tz ?? ctx.config.timeZone;
        assertTimeZone(tz);
        const date = resolveDay(opts.date, ctx.clock.now(), tz);
        // Loaded on use: the chart renderer is the heaviest import of the CLI.
        const { buildDigest } = await import('../core/digest/build-digest.js');
        const d = buildDigest(ctx.db, { date, timeZone: tz, chart: Boolean(opts.chart) });
        if (opts.chart) {
          if (!d.png)
            throw new UserError(
              'digest.no_calls',
              `No calls on ${date} (${tz}), so no chart; nothing written to ${opts.chart}.`,
            );
          try {
            writeFileSync(opts.chart, d.png);
          } catch (e) {
            throw new UserError('digest.chart_write', `Cannot write ${opts.chart}: ${(e as Error).message}`);
          }
        }
        if (opts.json) {
          process.stdout.write(JSON.stringify(d.analysis.report, null, 2) + '\n');
          return;
        }
        process.stdout.write(
          renderText(d.reply, {
            width: process.stdout.columns || 100,
            color: Boolean(process.stdout.isTTY),
            buttons: false,
          }),
        );
        if (opts.chart) process.stdout.write(`Chart written to ${opts.chart}\n`);
      } finally {
        ctx.db.close();
      }
    });
}
