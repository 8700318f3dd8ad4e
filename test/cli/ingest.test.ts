import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../core/ingest/ingest-file.js';
import { runCli, tempDb } from './run-cli.js';

const fx = (name: string) => join(FIXTURES, name);

function count(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT count(*) FROM calls').pluck().get() as number;
  } finally {
    d.close();
  }
}

describe('sipbot ingest', () => {
  it('--json prints exactly the SPEC shape, per file', async () => {
    const db = tempDb();
    const r = await runCli(['ingest', fx('canonical.csv'), fx('Master.csv'), '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [
        { file: fx('canonical.csv'), format: 'csv', read: 10, stored: 6, duplicates: 0, rejected: 4 },
        { file: fx('Master.csv'), format: 'asterisk', read: 7, stored: 5, duplicates: 0, rejected: 2 },
      ],
    });
    expect(count(db)).toBe(11);
  });

  it('re-running the same command stores nothing twice', async () => {
    const db = tempDb();
    await runCli(['ingest', fx('canonical.csv'), '--db', db]);
    const again = await runCli(['ingest', fx('canonical.csv'), '--db', db, '--json']);
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ stored: 0, duplicates: 6, rejected: 4 });
    expect(count(db)).toBe(6);
  });

  it('prints a readable summary with the first rejects and where to find the rest', async () => {
    const db = tempDb();
    const r = await runCli(['ingest', fx('canonical.csv'), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${fx('canonical.csv')} (csv): 10 read, 6 stored, 0 duplicates, 4 rejected`);
    expect(r.stdout).toContain('  line 7: bad timestamp "yesterday"');
    expect(r.stdout).toContain('sipbot rejects');
  });

  it('--format names the format, --source names the source and default route', async () => {
    const db = tempDb();
    const r = await runCli(['ingest', fx('kamailio-acc.log'), '--format', 'kamailio', '--source', 'sbc1', '--db', db, '--json']);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ format: 'kamailio', stored: 4 });
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT DISTINCT source FROM calls').pluck().all()).toEqual(['sbc1']);
    d.close();
  });

  it('an unreadable file is exit 1 with a sentence, and nothing is stored', async () => {
    const db = tempDb();
    const r = await runCli(['ingest', fx('canonical.csv'), fx('no-such-file.csv'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sipbot: cannot read ${fx('no-such-file.csv')}: no such file.\n`);
    expect(r.stdout).toBe('');
  });

  it('a file whose format cannot be detected is exit 1 saying why', async () => {
    const db = tempDb();
    const r = await runCli(['ingest', join(FIXTURES, '..', '..', '..', 'package.json'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sipbot: .*package\.json: cannot tell the format of this input/);
    expect(r.stderr).toContain('--format');
  });

  it('an unknown --format is bad usage (exit 2)', async () => {
    const r = await runCli(['ingest', fx('canonical.csv'), '--format', 'xml', '--db', tempDb()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xml');
  });
});

describe('sipbot rejects', () => {
  it('lists rejected records with file, line, reason and the raw record', async () => {
    const db = tempDb();
    await runCli(['ingest', fx('canonical.csv'), '--db', db]);
    const r = await runCli(['rejects', '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${fx('canonical.csv')}:7  bad timestamp "yesterday"  (csv)`);
    expect(lines[1]).toBe('    c-0006,yesterday,+12125550188,+13125550105,sipline,200,OK,16,61');
    expect(lines).toHaveLength(8);
  });

  it('--json and --limit', async () => {
    const db = tempDb();
    await runCli(['ingest', fx('canonical.ndjson'), '--db', db]);
    const r = await runCli(['rejects', '--db', db, '--json', '--limit', '2']);
    const body = JSON.parse(r.stdout) as { rejects: Array<Record<string, unknown>> };
    expect(body.rejects).toHaveLength(2);
    expect(body.rejects[0]).toMatchObject({ file: fx('canonical.ndjson'), line: 3, format: 'ndjson' });
    expect(String(body.rejects[0]!.error)).toMatch(/^broken JSON/);
    expect(String(body.rejects[0]!.raw)).toContain('"n-3"');
  });

  it('says so when there are none, and refuses a bad --limit', async () => {
    const db = tempDb();
    expect((await runCli(['rejects', '--db', db])).stdout).toBe('no rejected records\n');
    const bad = await runCli(['rejects', '--db', db, '--limit', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit must be a positive whole number');
  });
});
