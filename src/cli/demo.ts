import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { generateDemo } from '../core/demo/seed-db.js';
import { PLANT_NAMES, type PlantName } from '../core/demo/plants.js';
import { UsageError, UserError } from '../errors.js';
import { openDb } from '../store/db.js';
import { DEMO_SOURCE, demoDbPath, removeDemoDb } from './demo-db.js';

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
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!PLANT_NAMES.includes(n as PlantName))
      throw new InvalidArgumentError(`unknown pattern "${n}"; choose from ${PLANT_NAMES.join(', ')}, all, none`);
  }
  return names as PlantName[];
}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/**
 * `sipbot demo`: seeds the demo database (data/demo.db beside the real one, or --db) with
 * realistic outbound-dialer traffic and planted 403 patterns; `--reset` starts it over,
 * `--remove` deletes it.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'seed the demo database (data/demo.db, apart from your data) with demo traffic and planted 403 patterns',
    )
    .option('--days <n>', 'days of traffic', positiveInt, 8)
    .option('--calls-per-day <n>', 'average calls per weekday', positiveInt, 20_000)
    .option('--seed <n>', 'random seed (same seed, same calls)', positiveInt, 1)
    .option('--end <date>', 'last day of traffic, YYYY-MM-DD in UTC (default: yesterday)', parseDay)
    .option(
      '--plant <list>',
      `patterns on the last day(s): comma list of ${PLANT_NAMES.join(', ')}; or all, none (default: all but account_config)`,
      parsePlants,
    )
    .option('--plant-days <n>', 'how many of the last days carry the patterns', positiveInt, 1)
    .option('--reset', 'delete the demo database first, then seed it afresh')
    .option('--remove', 'delete the demo database and stop')
    .option('--json', 'print what was stored and planted as JSON')
    .option('--db <path>', 'database file (default: demo.db beside $SIPBOT_DB, i.e. data/demo.db)')
    .action((opts: DemoOpts) => {
      const path = opts.db ?? demoDbPath(loadConfig(process.env));
      if (opts.remove) {
        if (opts.reset) throw new UsageError('demo.flags', 'Use --reset or --remove, not both.');
        out(removeDemoDb(path) ? `Removed the demo database ${path}.` : `No demo database at ${path}.`);
        return;
      }
      if (opts.reset) removeDemoDb(path);
      seed(path, opts);
    });
}

interface DemoOpts {
  db?: string;
  days: number;
  callsPerDay: number;
  seed: number;
  end?: Date;
  plant?: PlantName[];
  plantDays: number;
  reset?: boolean;
  remove?: boolean;
  json?: boolean;
}

function seed(path: string, opts: DemoOpts): void {
  if (opts.days * opts.callsPerDay > 50_000_000)
    throw new UserError('demo.too_big', 'That is more than 50 million calls; lower --days or --calls-per-day.');
  const db = openDb(path);
  try {
    const today = Math.floor(systemClock.now().getTime() / DAY) * DAY;
    const end = opts.end ? new Date(opts.end.getTime() + DAY) : new Date(today);
    const tty = process.stderr.isTTY && !opts.json;
    const r = generateDemo(
      db,
      {
        days: opts.days,
        callsPerDay: opts.callsPerDay,
        seed: opts.seed,
        end,
        plantDays: opts.plantDays,
        source: DEMO_SOURCE,
        ...(opts.plant ? { plant: opts.plant } : {}),
      },
      tty ? (d, t) => process.stderr.write(`\rday ${d}/${t}`) : undefined,
    );
    if (tty) process.stderr.write('\n');
    const last = new Date(r.to.getTime() - DAY).toISOString().slice(0, 10);
    if (opts.json) {
      out(
        JSON.stringify({
          db: path,
          from: r.from.toISOString(),
          to: r.to.toISOString(),
          generated: r.generated,
          stored: r.stored,
          planted_from: r.plantFrom.toISOString(),
          planted: r.planted,
        }),
      );
      return;
    }
    out(
      `${r.stored} calls stored in ${path} (${r.generated - r.stored} already there), ${r.from.toISOString().slice(0, 10)} to ${last} UTC.`,
    );
    if (r.planted.length === 0) {
      out('No patterns planted: ordinary traffic only.');
    } else {
      out(`Planted on ${r.plantFrom.toISOString().slice(0, 10)}${opts.plantDays > 1 ? ` to ${last}` : ''}:`);
      for (const t of r.planted)
        out(`  ${t.verdict.padEnd(18)} ${t.kind.padEnd(7)} ${t.subject.padEnd(13)} ${t.description}`);
    }
    out(`Try: sipbot digest --date ${last} --db ${path}`);
  } finally {
    db.close();
  }
}
