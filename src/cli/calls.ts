import { InvalidArgumentError, type Command } from 'commander';
import { parseSubject } from '../core/analysis/window-args.js';
import { CSV_HEADER, csvLine, shownCallId } from '../core/calls/csv.js';
import { parseCode } from '../core/calls/query.js';
import { UserError } from '../errors.js';
import { countMatchingCalls, iterateCalls, type CallFilter, type ListedCall } from '../store/call-list.js';
import { knownRoutes } from '../store/checklist-facts.js';
import { cliCtx } from './context.js';
import { resolveWindow, windowOptions, type WindowOpts } from './window-options.js';

interface Opts extends WindowOpts {
  db?: string;
  number?: string;
  route?: string;
  region?: string;
  code?: string;
  blocked?: boolean;
  csv?: boolean;
  limit?: number;
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Aligned columns for a terminal; nothing is cut (the CSV is for spreadsheets, this for reading). */
function table(rows: ListedCall[]): string {
  const head = ['time (UTC)', 'caller', 'callee', 'route', 'code', 'reason', 'call id'];
  const body = rows.map((c) => [
    new Date(c.startMs).toISOString().slice(0, 19).replace('T', ' '),
    c.caller,
    c.callee,
    c.route,
    String(c.sipCode),
    c.sipReason ?? '',
    shownCallId(c),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

function filterOf(opts: Opts, routes: () => string[], country: string, nowMs: number): CallFilter {
  const { fromMs, toMs } = resolveWindow(opts, nowMs, 'calls');
  const f: CallFilter = { fromMs, toMs, ...(opts.blocked ? { blocked: true } : {}) };
  if (opts.number !== undefined) {
    const s = parseSubject(opts.number, country);
    if (!('number' in s)) throw new UserError('calls.bad_number', `"${opts.number}" is not a phone number.`);
    f.caller = s.number;
  }
  if (opts.route !== undefined) {
    const known = routes();
    if (!known.includes(opts.route))
      throw new UserError(
        'calls.unknown_route',
        `No route "${opts.route}" in the calls.`,
        known.length ? [`routes: ${known.slice(0, 12).join(', ')}`] : [],
      );
    f.route = opts.route;
  }
  if (opts.region !== undefined) f.region = opts.region.toUpperCase();
  if (opts.code !== undefined) f.code = parseCode(opts.code);
  return f;
}

/** `sipbot calls`: the calls behind a finding, as a table or (`--csv`) every one of them. */
export function register(program: Command): void {
  windowOptions(
    program
      .command('calls')
      .description('list the calls behind a finding: time, caller, callee, route, code, reason, call id'),
    'window ending now: 24h (default), 90m, 7d',
  )
    .option('--number <number>', 'only this caller number')
    .option('--route <route>', 'only this route')
    .option('--region <region>', 'only calls into this area code (512) or country (GB)')
    .option('--code <code>', 'only this SIP code: 403, 603+ (603 Network Blocked), 608...')
    .option('--blocked', 'only refusals by policy (403, 603+, 607, 608)')
    .option('--csv', "write every matching call as CSV (a carrier ticket's attachment)")
    .option('--limit <n>', 'at most this many calls, newest first (default 50; --csv: all)', positive)
    .action(async (opts: Opts) => {
      if (opts.since !== undefined && (opts.from || opts.to))
        throw new InvalidArgumentError('use --since or --from/--to, not both');
      const ctx = cliCtx(opts);
      try {
        const f = filterOf(opts, () => knownRoutes(ctx.db), ctx.config.defaultCountry, ctx.clock.now().getTime());
        if (opts.csv) {
          // Row by row: a route refusing millions of calls streams without being held in memory.
          let chunk = CSV_HEADER.join(',') + '\n';
          for (const c of iterateCalls(ctx.db, f, opts.limit)) {
            chunk += csvLine(c);
            if (chunk.length > 64_000) {
              // Wait for a slow reader (`| gzip > f`): memory stays at one chunk, not the whole file.
              if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
              chunk = '';
            }
          }
          process.stdout.write(chunk);
          return;
        }
        const limit = opts.limit ?? 50;
        const rows = [...iterateCalls(ctx.db, f, limit, { ordinals: true })];
        if (!rows.length) {
          process.stdout.write('no calls match\n');
          return;
        }
        process.stdout.write(table(rows));
        const total = countMatchingCalls(ctx.db, f);
        if (total > rows.length)
          process.stderr.write(`${rows.length} of ${total} calls shown; --limit N shows more, --csv writes them all\n`);
      } finally {
        ctx.db.close();
      }
    });
}
