/**
 * Ingest throughput and memory (issue 2): sipbot's full ingest of a generated canonical CSV
 * against the sqlite3 CLI's own `.import` of the same file, into a plain table and into a table
 * with calls' keys and indexes. Then the same ingest at 5x the rows, to show memory stays flat.
 * BENCH_INGEST_ROWS (default 1000000) and BENCH_INGEST_BIG_FACTOR (default 5; 0 skips) size it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCanonicalCsv } from './gen-canonical.js';

const CHILD = fileURLToPath(new URL('./ingest-child.js', import.meta.url));
const SQLITE = '/usr/bin/sqlite3';
const TIME = '/usr/bin/time';
/** The same pragmas openDb() sets, so the floor is measured on equal terms. */
const PRAGMAS = 'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;';
/** calls' key and indexes (001-calls.sql, 051's calls_by_code), over the canonical CSV's columns. */
const INDEXED_SCHEMA = `CREATE TABLE calls_like (call_id TEXT NOT NULL, start_time TEXT NOT NULL, caller TEXT NOT NULL,
  callee TEXT NOT NULL, route TEXT NOT NULL, sip_code INTEGER NOT NULL, sip_reason TEXT, q850_cause INTEGER, duration REAL,
  UNIQUE (route, call_id));
CREATE INDEX l_time ON calls_like (start_time, caller, route, sip_code, callee);
CREATE INDEX l_caller ON calls_like (caller, start_time);
CREATE INDEX l_route ON calls_like (route, start_time);
CREATE INDEX l_callee ON calls_like (callee, start_time);
CREATE INDEX l_code ON calls_like (sip_code, start_time, caller, route, callee);`;

/** The Debian sqlite3 package provides the shell; install it when missing (root, else sudo). */
function ensureSqlite(): void {
  if (existsSync(SQLITE)) return;
  console.log('installing the Debian sqlite3 package...');
  const asRoot = process.getuid?.() === 0;
  const apt = (...args: string[]): void => {
    execFileSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { stdio: 'inherit' });
  };
  apt('update');
  apt('install', '-y', 'sqlite3');
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

interface Timing {
  /** Wall-clock seconds. */
  s: number;
  /** User + system CPU seconds of the process: steadier than wall time on a shared machine. */
  cpu: number;
}

/** sqlite3 under /usr/bin/time when present, for its CPU time. */
function sqliteImport(dir: string, name: string, csv: string, schema: string | undefined): Timing {
  const db = join(dir, `${name}.db`);
  const script = join(dir, `${name}.sql`);
  writeFileSync(
    script,
    schema
      ? `${PRAGMAS}\n${schema}\n.import --csv --skip 1 ${csv} calls_like\n`
      : `${PRAGMAS}\n.import --csv ${csv} calls_plain\n`,
  );
  const timed = existsSync(TIME);
  let cpu = NaN;
  const s = timeIt(() => {
    const r = timed
      ? spawnSync(TIME, ['-f', 'cpu %U %S', SQLITE, db, `.read ${script}`], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawnSync(SQLITE, [db, `.read ${script}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr.toString().slice(0, 300)}`);
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr.toString());
    if (m) cpu = Number(m[1]) + Number(m[2]);
  });
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  return { s, cpu };
}

interface FileResult {
  stored: number;
  rejected: number;
}

function sipbotIngest(
  dir: string,
  csv: string,
  rows: number,
  expect: FileResult = { stored: rows, rejected: 0 },
): Timing & { rssMb: number } {
  const db = join(dir, `sipbot-${rows}.db`);
  let out = '';
  const s = timeIt(() => {
    const r = spawnSync(process.execPath, [CHILD, csv, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`sipbot ingest failed: ${r.stderr.slice(0, 500)}`);
    out = r.stdout;
  });
  const [result, usage] = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const file = (result as { files: FileResult[] }).files[0]!;
  if (file.stored !== expect.stored || file.rejected !== expect.rejected)
    throw new Error(`expected ${JSON.stringify(expect)}, got ${JSON.stringify(file)}`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const u = usage as { maxRssKb: number; cpuS: number };
  return { s, cpu: u.cpuS, rssMb: u.maxRssKb / 1024 };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  ensureSqlite();
  const rows = Number(process.env.BENCH_INGEST_ROWS ?? 1_000_000);
  const factor = Number(process.env.BENCH_INGEST_BIG_FACTOR ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-'));
  try {
    const csv = join(dir, 'calls.csv');
    await writeCanonicalCsv(csv, rows);
    console.log(`file: ${fmt(rows)} rows canonical CSV, ${(statSync(csv).size / 2 ** 20).toFixed(0)} MiB`);
    const plain = sqliteImport(dir, 'plain', csv, undefined);
    const indexed = sqliteImport(dir, 'indexed', csv, INDEXED_SCHEMA);
    const ours = sipbotIngest(dir, csv, rows);
    const cpu = (t: Timing): string => (Number.isNaN(t.cpu) ? '-' : t.cpu.toFixed(2));
    console.log(`| run | wall s | rows/s | CPU s | peak RSS |`);
    console.log(`|---|---:|---:|---:|---:|`);
    console.log(`| sqlite3 .import, plain table | ${plain.s.toFixed(2)} | ${fmt(rows / plain.s)} | ${cpu(plain)} | |`);
    console.log(
      `| sqlite3 .import, calls' key + indexes | ${indexed.s.toFixed(2)} | ${fmt(rows / indexed.s)} | ${cpu(indexed)} | |`,
    );
    console.log(
      `| sipbot ingest (full) | ${ours.s.toFixed(2)} | ${fmt(rows / ours.s)} | ${cpu(ours)} | ${ours.rssMb.toFixed(0)} MB |`,
    );
    console.log(
      `ratio sipbot / indexed import: ${(ours.s / indexed.s).toFixed(2)}x wall, ${(ours.cpu / indexed.cpu).toFixed(2)}x CPU (target <= 1.5x)`,
    );
    console.log(
      `ratio sipbot / plain import:   ${(ours.s / plain.s).toFixed(2)}x wall, ${(ours.cpu / plain.cpu).toFixed(2)}x CPU`,
    );
    rmSync(csv, { force: true });

    // The same rows in random time order: inserts land all over the time-ordered indexes.
    const shuffled = join(dir, 'shuffled.csv');
    await writeCanonicalCsv(shuffled, rows, 42, { shuffled: true });
    const sIndexed = sqliteImport(dir, 'shuffled', shuffled, INDEXED_SCHEMA);
    const sOurs = sipbotIngest(dir, shuffled, rows);
    console.log(
      `| shuffled: sqlite3 .import, calls' key + indexes | ${sIndexed.s.toFixed(2)} | ${fmt(rows / sIndexed.s)} | ${cpu(sIndexed)} | |`,
    );
    console.log(
      `| shuffled: sipbot ingest (full) | ${sOurs.s.toFixed(2)} | ${fmt(rows / sOurs.s)} | ${cpu(sOurs)} | ${sOurs.rssMb.toFixed(0)} MB |`,
    );
    console.log(
      `ratio sipbot / indexed import, shuffled: ${(sOurs.s / sIndexed.s).toFixed(2)}x wall, ${(sOurs.cpu / sIndexed.cpu).toFixed(2)}x CPU`,
    );
    rmSync(shuffled, { force: true });

    // A stray quote in every 1,000th row, at half and full size: each is one reject, and the
    // time grows with the size (a reader that swallowed the lines after a stray quote was quadratic).
    const stray: Timing[] = [];
    for (const n of [Math.floor(rows / 2), rows]) {
      const f = join(dir, `stray-${n}.csv`);
      await writeCanonicalCsv(f, n, 9, { strayQuoteEvery: 1000 });
      const bad = Math.floor(n / 1000);
      const t = sipbotIngest(dir, f, n, { stored: n - bad, rejected: bad });
      console.log(
        `| stray quote every 1,000 rows, ${fmt(n)} rows | ${t.s.toFixed(2)} | ${fmt(n / t.s)} | ${cpu(t)} | ${t.rssMb.toFixed(0)} MB |`,
      );
      stray.push(t);
      rmSync(f, { force: true });
    }
    console.log(
      `stray-quote file, 2x the rows: ${(stray[1]!.cpu / stray[0]!.cpu).toFixed(2)}x the CPU time (linear: ~2x)`,
    );
    if (factor > 0) {
      const big = rows * factor;
      const bigCsv = join(dir, 'big.csv');
      await writeCanonicalCsv(bigCsv, big, 7);
      const b = sipbotIngest(dir, bigCsv, big);
      console.log(
        `| sipbot ingest, ${fmt(big)} rows | ${b.s.toFixed(2)} | ${fmt(big / b.s)} | ${cpu(b)} | ${b.rssMb.toFixed(0)} MB |`,
      );
      console.log(
        `peak RSS ${fmt(big)} / ${fmt(rows)} rows: ${(b.rssMb / ours.rssMb).toFixed(2)}x (target <= 1.2x, < 300 MB)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
