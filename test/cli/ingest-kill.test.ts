import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCanonicalCsv } from '../../bench/gen-canonical.js';
import { FIXTURES } from '../core/ingest/ingest-file.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sipbot.js');
const ROWS = 100_000;

function count(db: string): number {
  if (!existsSync(db)) return 0;
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    d.pragma('busy_timeout = 5000');
    return d.prepare('SELECT count(*) FROM calls').pluck().get() as number;
  } catch {
    return 0; // not migrated yet
  } finally {
    d.close();
  }
}

describe('the built binary', () => {
  let dir: string;
  let csv: string;

  beforeAll(async () => {
    // The binary runs dist/; build it (other areas' type errors must not stop the emit).
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT },
    );
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'sipbot-kill-'));
    csv = join(dir, 'calls.csv');
    await writeCanonicalCsv(csv, ROWS);
  }, 180_000);

  it('killed with SIGKILL mid-file, then re-run, ends with the exact count', async () => {
    const db = join(dir, 'kill.db');
    const child = spawn(process.execPath, [BIN, 'ingest', csv, '--db', db, '--json'], { stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    let atKill = 0;
    for (let i = 0; i < 1200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      atKill = count(db);
      if (atKill >= 5_000) break;
    }
    child.kill('SIGKILL');
    await exited;
    const afterKill = count(db);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(ROWS); // really killed mid-file

    const rerun = execFileSync(process.execPath, [BIN, 'ingest', csv, '--db', db, '--json'], { encoding: 'utf8' });
    const file = (JSON.parse(rerun) as { files: Array<Record<string, number>> }).files[0]!;
    expect(file).toMatchObject({ read: ROWS, stored: ROWS - afterKill, duplicates: afterKill, rejected: 0 });
    expect(count(db)).toBe(ROWS);
    const d = new Database(db, { readonly: true });
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    d.close();
  }, 180_000);

  it('reads stdin with -', () => {
    const db = join(dir, 'stdin.db');
    const out = execFileSync(process.execPath, [BIN, 'ingest', '-', '--db', db, '--json'], {
      input: readFileSync(join(FIXTURES, 'telnyx-hangup.ndjson')),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      files: [{ file: '-', format: 'telnyx', read: 4, stored: 2, duplicates: 0, rejected: 2 }],
    });
  }, 60_000);

  it.runIf(existsSync('/usr/bin/script'))(
    'draws a progress bar when run on a terminal',
    () => {
      // util-linux script(1) gives the command a pseudo-terminal.
      const cmd = `${process.execPath} ${BIN} ingest ${join(FIXTURES, 'canonical.csv')} --db ${join(dir, 'pty.db')}`;
      const r = spawnSync('/usr/bin/script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('100% | 10 records');
      expect(r.stdout).toContain('10 read, 6 stored');
    },
    60_000,
  );

  it('prints no progress bar when stderr is not a TTY', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'ingest', join(FIXTURES, 'canonical.csv'), '--db', join(dir, 'tty.db')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\S+canonical\.csv \(csv\): 10 read, 6 stored/);
  }, 60_000);
});
