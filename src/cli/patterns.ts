import type { Command } from 'commander';
import { parseSubject } from '../core/analysis/window-args.js';
import { UsageError } from '../errors.js';
import { renderText } from '../render/text.js';
import { cliCtx } from './context.js';
import { resolveWindow, windowOptions } from './window-options.js';

/** `sipbot patterns`: the 403 pattern analysis over any window. */
export function register(program: Command): void {
  windowOptions(
    program.command('patterns').description('find 403 patterns over any window (default: the last 24 hours)'),
    'window ending now: 24h, 90m, 7d',
  )
    .option('--number <number>', 'only this caller number')
    .option('--route <route>', 'only this route')
    .option('--region <region>', 'only calls into this destination: a NANP area code (512) or a country (GB)')
    .option('--json', 'print the analysis as JSON (shape in docs/analysis.md)')
    .action(
      async (opts: {
        db?: string;
        since?: number;
        from?: Date;
        to?: Date;
        number?: string;
        route?: string;
        region?: string;
        json?: boolean;
      }) => {
        if (opts.since !== undefined && (opts.from || opts.to))
          throw new UsageError('patterns.window_flags', 'Use --since or --from/--to, not both.');
        const ctx = cliCtx(opts);
        try {
          const { fromMs, toMs } = resolveWindow(opts, ctx.clock.now().getTime(), 'patterns');
          const from = new Date(fromMs);
          const to = new Date(toMs);
          let number: string | undefined;
          if (opts.number) {
            const s = parseSubject(opts.number, ctx.config.defaultCountry);
            if (!('number' in s))
              throw new UsageError('patterns.bad_number', `"${opts.number}" is not a phone number.`);
            number = s.number;
          }
          let region: string | undefined;
          if (opts.region) {
            const s = parseSubject(opts.region.toUpperCase(), ctx.config.defaultCountry);
            if (!('region' in s))
              throw new UsageError(
                'patterns.bad_region',
                `"${opts.region}" is not a region: give a 3-digit NANP area code (512) or an ISO country code (GB).`,
              );
            region = s.region;
          }
          const { buildPatterns } = await import('../core/digest/build-patterns.js');
          const { analysis, reply } = buildPatterns(ctx.db, {
            from,
            to,
            timeZone: ctx.config.timeZone,
            ...(number ? { number } : {}),
            ...(opts.route ? { route: opts.route } : {}),
            ...(region ? { region } : {}),
          });
          if (opts.json) {
            process.stdout.write(JSON.stringify(analysis.report, null, 2) + '\n');
            return;
          }
          process.stdout.write(
            renderText(reply, {
              width: process.stdout.columns || 100,
              color: Boolean(process.stdout.isTTY),
              buttons: false,
            }),
          );
        } finally {
          ctx.db.close();
        }
      },
    );
}
