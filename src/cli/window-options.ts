import { InvalidArgumentError, type Command } from 'commander';
import { parseInstant, parseSince } from '../core/analysis/window-args.js';
import { UsageError } from '../errors.js';

/** The window flags' parsed values (--since is a duration in ms). */
export interface WindowOpts {
  since?: number;
  from?: Date;
  to?: Date;
}

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

/** --since, --from and --to, parsed the same way by every command that reads a window of calls. */
export function windowOptions(cmd: Command, sinceHelp: string): Command {
  return cmd
    .option('--since <duration>', sinceHelp, duration)
    .option('--from <time>', 'window start (ISO 8601, date or epoch ms)', instant)
    .option('--to <time>', 'window end (default: now)', instant);
}

/** The window the flags name: it ends at --to (default now) and spans --since (default 24 hours) unless --from is given. */
export function resolveWindow(opts: WindowOpts, nowMs: number, command: string): { fromMs: number; toMs: number } {
  const toMs = (opts.to ?? new Date(nowMs)).getTime();
  const fromMs = opts.from?.getTime() ?? toMs - (opts.since ?? 86_400_000);
  if (fromMs >= toMs) throw new UsageError(`${command}.bad_window`, '--from must be before --to.');
  return { fromMs, toMs };
}
