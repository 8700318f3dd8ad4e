import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { runCli, tempDb } from './run-cli.js';

const DAY = 86_400_000;
const yesterday = (): string => new Date(Math.floor(Date.now() / DAY) * DAY - DAY).toISOString().slice(0, 10);

function count(path: string, where = '1'): number {
  const db = openDb(path);
  try {
    return db.prepare(`SELECT count(*) FROM calls WHERE ${where}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('exit status: 2 for bad usage, as the README says', () => {
  it.each([
    [[], 'no command'],
    [['slack'], 'a group without its subcommand'],
    [['token'], 'a group without its subcommand'],
    [['patterns', '--from', '2026-11-21', '--to', '2026-11-20'], '--from after --to'],
    [['escalations', '--status', 'closed'], 'a status that does not exist'],
    [['demo', '--reset', '--remove'], 'contradicting flags'],
  ])('sipbot %j (%s) exits 2 and says so on stderr', async (args) => {
    const r = await runCli([
      ...args,
      ...(args.length && args[0] !== 'slack' && args[0] !== 'token' ? ['--db', tempDb()] : []),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toBe('');
  });

  it('escalations --status closed names the statuses there are', async () => {
    const r = await runCli(['escalations', '--status', 'closed', '--db', tempDb()]);
    expect(r.stderr.split('\n')[0]).toMatch(/^sipbot: --status must be one of .*, not "closed"\.$/);
  });

  it('--help is success', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['token', '--help'])).code).toBe(0);
  });
});

describe('the demo database is kept apart from real data, and current', () => {
  let real: string;
  let demo: string;
  const before = process.env.SIPBOT_DB;
  beforeEach(() => {
    real = tempDb();
    demo = join(dirname(real), 'demo.db');
    process.env.SIPBOT_DB = real;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.SIPBOT_DB;
    else process.env.SIPBOT_DB = before;
  });

  it('sipbot demo writes demo.db beside $SIPBOT_DB, never the real database; ingest writes only the real one', async () => {
    const r = await runCli(['demo', '--days', '2', '--calls-per-day', '500']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`calls stored in ${demo}`);
    expect(r.stdout).toContain(`Try: sipbot digest --date ${yesterday()} --db ${demo}`);
    const demoCalls = count(demo);
    expect(demoCalls).toBeGreaterThan(500);
    const ing = await runCli(['ingest', join(import.meta.dirname, '..', 'fixtures', 'cdr', 'canonical.csv')]);
    expect(ing.code).toBe(0);
    expect(count(real)).toBeGreaterThan(0);
    expect(count(real, "source = 'demo'")).toBe(0);
    expect(count(demo)).toBe(demoCalls);
  });

  it('old demo traffic is regenerated to end yesterday when the demo database is opened', async () => {
    expect((await runCli(['demo', '--days', '2', '--calls-per-day', '500', '--end', '2026-01-10'])).code).toBe(0);
    const r = await runCli(['digest', '--db', demo, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`The demo traffic in ${demo} is old: regenerating it to end yesterday...`);
    const j = JSON.parse(r.stdout) as { totals: { calls: number }; findings: unknown[] };
    expect(j.totals.calls).toBeGreaterThan(1000);
    expect(j.findings.length).toBeGreaterThan(0);
    expect(count(demo, `start_ms < ${Date.parse('2026-02-01')}`)).toBe(0);
    // Opened again the same day: nothing to redo.
    expect((await runCli(['digest', '--db', demo, '--json'])).stderr).not.toContain('regenerating');
  });

  it('--reset starts over, --remove deletes, and neither touches a database with real calls', async () => {
    await runCli(['demo', '--days', '2', '--calls-per-day', '500', '--seed', '1']);
    const first = count(demo);
    const reset = await runCli(['demo', '--days', '1', '--calls-per-day', '500', '--seed', '2', '--reset']);
    expect(reset.code).toBe(0);
    expect(count(demo)).toBeLessThan(first);
    const rm = await runCli(['demo', '--remove']);
    expect(rm.stdout).toBe(`Removed the demo database ${demo}.\n`);
    expect(existsSync(demo)).toBe(false);
    expect((await runCli(['demo', '--remove'])).stdout).toBe(`No demo database at ${demo}.\n`);
    await runCli(['ingest', join(import.meta.dirname, '..', 'fixtures', 'cdr', 'canonical.csv')]);
    const refused = await runCli(['demo', '--remove', '--db', real]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds calls that are not demo traffic; not deleting it.');
    expect(count(real)).toBeGreaterThan(0);
  });
});
