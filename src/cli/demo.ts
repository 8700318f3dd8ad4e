import { InvalidArgumentError, type Command } from 'commander';
import { generateDemo } from '../core/demo/seed-db.js';
import { PLANT_NAMES, type PlantName } from '../core/demo/plants.js';
import { UserError } from '../errors.js';
import { cliCtx } from './context.js';

const DAY = 86_400_000;

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function parseDay(v: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  }
  return new Date(`${v}T00:00:00Z`);
}

function parsePlants(v: string): PlantName[] {
  if (v === 'none') return [];
  if (v === 'all') return [...PLANT_NAMES];
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!PLANT_NAMES.includes(n as PlantName)) throw new InvalidArgumentError(`unknown pattern "${n}"; choose from ${PLANT_NAMES.join(', ')}, all, none`);
  }
  return names as PlantName[];
}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** `sipbot demo`: seeds a database with realistic outbound-dialer traffic and planted 403 patterns. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('seed a database with realistic demo traffic and planted 403 patterns')
    .option('--days <n>', 'days of traffic', positiveInt, 8)
    .option('--calls-per-day <n>', 'average calls per weekday', positiveInt, 20_000)
    .option('--seed <n>', 'random seed (same seed, same calls)', positiveInt, 1)
    .option('--end <date>', 'last day of traffic, YYYY-MM-DD in UTC (default: yesterday)', parseDay)
    .option('--plant <list>', `patterns on the last day(s): comma list of ${PLANT_NAMES.join(', ')}; or all, none (default: all but account_config)`, parsePlants)
    .option('--plant-days <n>', 'how many of the last days carry the patterns', positiveInt, 1)
    .option('--json', 'print what was stored and planted as JSON')
    .action((opts: { db?: string; days: number; callsPerDay: number; seed: number; end?: Date; plant?: PlantName[]; plantDays: number; json?: boolean }) => {
      const ctx = cliCtx(opts);
      try {
        if (opts.days * opts.callsPerDay > 50_000_000) throw new UserError('demo.too_big', 'That is more than 50 million calls; lower --days or --calls-per-day.');
        const today = Math.floor(ctx.clock.now().getTime() / DAY) * DAY;
        const end = opts.end ? new Date(opts.end.getTime() + DAY) : new Date(today);
        const tty = process.stderr.isTTY && !opts.json;
        const r = generateDemo(ctx.db, {
          days: opts.days, callsPerDay: opts.callsPerDay, seed: opts.seed, end, plantDays: opts.plantDays,
          ...(opts.plant ? { plant: opts.plant } : {}),
        }, tty ? (d, t) => process.stderr.write(`\rday ${d}/${t}`) : undefined);
        if (tty) process.stderr.write('\n');
        const last = new Date(r.to.getTime() - DAY).toISOString().slice(0, 10);
        if (opts.json) {
          out(JSON.stringify({ db: ctx.config.dbPath, from: r.from.toISOString(), to: r.to.toISOString(), generated: r.generated, stored: r.stored, planted_from: r.plantFrom.toISOString(), planted: r.planted }));
          return;
        }
        out(`${r.stored} calls stored in ${ctx.config.dbPath} (${r.generated - r.stored} already there), ${r.from.toISOString().slice(0, 10)} to ${last} UTC.`);
        if (r.planted.length === 0) {
          out('No patterns planted: ordinary traffic only.');
        } else {
          out(`Planted on ${r.plantFrom.toISOString().slice(0, 10)}${opts.plantDays > 1 ? ` to ${last}` : ''}:`);
          for (const t of r.planted) out(`  ${t.verdict.padEnd(18)} ${t.kind.padEnd(7)} ${t.subject.padEnd(13)} ${t.description}`);
        }
        out(`Try: sipbot digest --date ${last}${opts.db ? ` --db ${opts.db}` : ''}`);
      } finally {
        ctx.db.close();
      }
    });
}
