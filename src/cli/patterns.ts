import { InvalidArgumentError, type Command } from 'commander';
import { parseInstant, parseSince, parseSubject } from '../core/analysis/window-args.js';
import { UsageError } from '../errors.js';
import { renderText } from '../render/text.js';
import { cliCtx } from './context.js';

function duration(v: string): number {
  const ms = parseSince(v, new Date());
  if (ms === null)
    throw new InvalidArgumentError(
      'expected a duration (24h, 90m, 7d, 2 days), today, yesterday or a start date (2026-11-20)',
    );
  return ms;
}

function instant(v: string): Date {
  const d = parseInstant(v);
  if (!d) throw new InvalidArgumentError('expected ISO 8601 (2026-11-20T09:00Z), a date (2026-11-20) or epoch ms');
  return d;
}

/** `sipbot patterns`: the 403 pattern analysis over any window. */
export function register(program: Command): void {
  program
    .command('patterns')
    .description('find 403 patterns over any window (default: the last 24 hours)')
    .option('--since <duration>', 'window ending now: 24h, 90m, 7d', duration)
    .option('--from <time>', 'window start (ISO 8601, date or epoch ms)', instant)
    .option('--to <time>', 'window end (default: now)', instant)
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
          const now = ctx.clock.now();
          const to = opts.to ?? now;
          const from = opts.from ?? new Date(to.getTime() - (opts.since ?? 86_400_000));
          if (from.getTime() >= to.getTime())
            throw new UsageError('patterns.bad_window', '--from must be before --to.');
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
