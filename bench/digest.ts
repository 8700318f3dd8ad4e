/**
 * The digest at scale (issue 5): databases of 3M and 10M calls over 30 days; the digest of one day
 * at both sizes (its time follows that day's calls, not the history), against the sqlite3 CLI
 * running one plain `GROUP BY caller, route` over the same day. Databases are cached under
 * .bench/ by size, so a re-run skips generation. BENCH_DIGEST_SIZES (default 3000000,10000000).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildDigest } from '../src/core/digest/build-digest.js';
import { demoDay } from '../src/core/demo/generate.js';
import { DEFAULT_PLANTS } from '../src/core/demo/plants.js';
import { packageRoot } from '../src/paths.js';
import { countCalls } from '../src/store/calls.js';
import { openDb, type Db } from '../src/store/db.js';
import { refreshRollups } from '../src/store/analysis.js';
import { buildHistory } from './history.js';

const SQLITE = '/usr/bin/sqlite3';
const DAY = 86_400_000;
const DAYS = 30;
/** The last generated day, a Friday; the digest day. Sunday 2026-11-15 is a quieter day in the same history. */
const END = Date.parse('2026-11-21T00:00:00Z');
const DIGEST_DAY = '2026-11-20';
const SUNDAY = '2026-11-15';
const GEN_VERSION = 1;

function secs(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A database of `total` calls over 30 days from the demo generator (patterns planted on the last day), rolled up. */
function build(path: string, total: number): void {
  const perDay = Math.round(total / DAYS / 0.886); // weekends carry 60%: 30 days hold ~26.6 weekday-equivalents
  let folded = 0;
  let tRoll = 0;
  const { loadS: tLoad, indexS: tIndex } = buildHistory(path, {
    end: END,
    days: DAYS,
    day: (d) =>
      demoDay(d, {
        callsPerDay: perDay,
        seed: 1,
        plants: new Set(d === END - DAY ? DEFAULT_PLANTS : []),
        source: 'bench',
      }),
    label: `generating ${path.split('/').pop()}`,
    finish: (db) => {
      const t2 = process.hrtime.bigint();
      folded = refreshRollups(db);
      tRoll = secs(t2);
    },
  });
  console.log(
    `\n  built in ${(tLoad + tIndex + tRoll).toFixed(0)} s: load ${tLoad.toFixed(0)} s, indexes ${tIndex.toFixed(0)} s, rollups of ${folded.toLocaleString('en-US')} calls ${tRoll.toFixed(1)} s`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** The sqlite3 CLI's own timer (`.timer on`, real seconds) for the plain GROUP BY over the day. */
function sqliteGroupBy(path: string, from: number, to: number): { s: number; cpu: number; plan: string } {
  const sql = `SELECT caller, route, count(*) FROM calls WHERE start_ms >= ${from} AND start_ms < ${to} GROUP BY caller, route;`;
  const plan = spawnSync(SQLITE, [path, `EXPLAIN QUERY PLAN ${sql}`], { encoding: 'utf8' })
    .stdout.replace(/\s+/g, ' ')
    .trim();
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(SQLITE, [path], { input: `.timer on\n${sql}\n`, encoding: 'utf8', maxBuffer: 64 << 20 });
    const m = /Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)/.exec(r.stdout + r.stderr);
    if (!m) throw new Error(`sqlite3 gave no timing: ${(r.stderr || r.stdout).slice(0, 300)}`);
    runs.push(Number(m[1]));
    cpu.push(Number(m[2]) + Number(m[3]));
  }
  return { s: median(runs), cpu: median(cpu), plan };
}

interface Row {
  size: string;
  day: string;
  dayCalls: number;
  digest: number;
  digestCpu: number;
  chart: number;
  cli: number;
  cliCpu: number;
}

function cpuSecs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** Median wall and CPU seconds of five digests of the day (after one warm-up), without and with the chart. */
function timeDigest(
  db: Db,
  date: string,
): { digest: number; digestCpu: number; chart: number; dayCalls: number; findings: number } {
  buildDigest(db, { date, timeZone: 'UTC', chart: false }); // warm the page cache, as the CLI runs are warm
  const d: number[] = [];
  const dc: number[] = [];
  const c: number[] = [];
  let dayCalls = 0;
  let findings = 0;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    let t0 = process.hrtime.bigint();
    const r = buildDigest(db, { date, timeZone: 'UTC', chart: false });
    d.push(secs(t0));
    dc.push(cpuSecs(c0));
    t0 = process.hrtime.bigint();
    buildDigest(db, { date, timeZone: 'UTC', chart: true });
    c.push(secs(t0));
    dayCalls = r.analysis.report.totals.calls;
    findings = r.analysis.report.findings.length;
  }
  return { digest: median(d), digestCpu: median(dc), chart: median(c), dayCalls, findings };
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_DIGEST_SIZES ?? '3000000,10000000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const dir = join(packageRoot(), '.bench');
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  for (const size of sizes) {
    const path = join(dir, `digest-v${GEN_VERSION}-${size}.db`);
    if (!existsSync(path)) build(path, size);
    const db = openDb(path);
    const total = countCalls(db);
    console.log(
      `${path.split('/').pop()}: ${total.toLocaleString('en-US')} calls, ${(statSync(path).size / 2 ** 30).toFixed(2)} GiB`,
    );
    const days = size === sizes.at(-1) ? [DIGEST_DAY, SUNDAY] : [DIGEST_DAY];
    for (const day of days) {
      const from = Date.parse(`${day}T00:00:00Z`);
      const t = timeDigest(db, day);
      const cli = sqliteGroupBy(path, from, from + DAY);
      if (day === DIGEST_DAY && size === sizes[0]) console.log(`sqlite3 plan: ${cli.plan}`);
      console.log(`  ${day}: ${t.dayCalls.toLocaleString('en-US')} calls that day, ${t.findings} findings`);
      rows.push({
        size: `${(total / 1e6).toFixed(1)}M`,
        day,
        dayCalls: t.dayCalls,
        digest: t.digest,
        digestCpu: t.digestCpu,
        chart: t.chart,
        cli: cli.s,
        cliCpu: cli.cpu,
      });
    }
    db.close();
  }
  console.log('\nWall clock (median of 5, warm cache); CPU = user + sys of the process (sqlite3 from its own .timer).');
  console.log(
    '| history | day | calls that day | digest | + chart PNG | sqlite3 GROUP BY | ratio | ratio with chart | digest CPU | sqlite3 CPU | CPU ratio | µs per call of the day |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ms = (x: number): string => `${(x * 1000).toFixed(0)} ms`;
    console.log(
      `| ${r.size} | ${r.day} | ${r.dayCalls.toLocaleString('en-US')} | ${ms(r.digest)} | ${ms(r.chart)} | ${ms(r.cli)} | ${(r.digest / r.cli).toFixed(2)}x | ${(r.chart / r.cli).toFixed(2)}x | ${ms(r.digestCpu)} | ${ms(r.cliCpu)} | ${(r.digestCpu / r.cliCpu).toFixed(2)}x | ${((r.digest / r.dayCalls) * 1e6).toFixed(2)} |`,
    );
  }
}
