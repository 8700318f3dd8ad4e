import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  it('--json prints exactly the documented shape, per file', async () => {
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
    const r = await runCli([
      'ingest',
      fx('kamailio-acc.log'),
      '--format',
      'kamailio',
      '--source',
      'sbc1',
      '--db',
      db,
      '--json',
    ]);
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

describe('sipbot ingest: options and odd input', () => {
  it('`ingest - -` is bad usage (exit 2)', async () => {
    const r = await runCli(['ingest', '-', '-', '--db', tempDb()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdin (-) can be read only once');
  });

  it('--map names the columns no alias covers; --tz reads zone-less times in that zone; a bad zone is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-map-'));
    const file = join(dir, 'dialer.csv');
    writeFileSync(file, 'Ref,When,ANI,Dialed,Result\nr1,2026-11-20 08:00:00,2125550123,5125550100,403\n');
    const db = tempDb();
    const r = await runCli([
      'ingest',
      file,
      '--map',
      'call_id=Ref,start_time=When,caller=ANI,callee=Dialed,sip_code=Result',
      '--tz',
      'America/Chicago',
      '--db',
      db,
      '--json',
    ]);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [{ file, format: 'csv', read: 1, stored: 1, duplicates: 0, rejected: 0 }],
    });
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT call_id, start_ms, caller, callee, sip_code FROM calls').get()).toEqual({
      call_id: 'r1',
      start_ms: Date.UTC(2026, 10, 20, 14),
      caller: '+12125550123',
      callee: '+15125550100',
      sip_code: 403,
    });
    d.close();
    const bad = await runCli(['ingest', file, '--tz', 'Mars/Olympus', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tz Mars/Olympus is not a time zone');
    const badMap = await runCli(['ingest', file, '--map', 'phone=ANI', '--db', db]);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain('--map takes FIELD=COLUMN pairs');
  });

  it("never prints the input's terminal escape sequences raw, in ingest or rejects", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-esc-'));
    const file = join(dir, 'esc.csv');
    writeFileSync(
      file,
      'call_id,start_time,caller,callee,sip_code\nx,\u001b]0;pwned\u0007\u001b[2J,+12125550123,+15125550100,403\n',
    );
    const db = tempDb();
    const r = await runCli(['ingest', file, '--db', db]);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    const rj = await runCli(['rejects', '--db', db]);
    expect(rj.stdout).not.toContain('\u001b');
    expect(rj.stdout).not.toContain('\u0007');
    expect(rj.stdout).toContain('\\x1b[2J');
  });

  it('--json still prints the files stored when a later one fails', async () => {
    const db = tempDb();
    const r = await runCli([
      'ingest',
      fx('canonical.csv'),
      join(FIXTURES, '..', '..', '..', 'package.json'),
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [{ file: fx('canonical.csv'), format: 'csv', read: 10, stored: 6, duplicates: 0, rejected: 4 }],
    });
  });

  it('marks an import left running by a dead process as interrupted at the next start', async () => {
    const db = tempDb();
    await runCli(['ingest', fx('canonical.csv'), '--db', db]);
    const w = new Database(db);
    w.prepare(
      "INSERT INTO import_batches (source, format, origin, started_ms, status, pid) VALUES ('csv', 'csv', 'killed.csv', 1, 'running', 2147483646)",
    ).run();
    w.close();
    await runCli(['ingest', fx('Master.csv'), '--db', db]);
    const d = new Database(db, { readonly: true });
    expect(d.prepare("SELECT status FROM import_batches WHERE origin = 'killed.csv'").pluck().get()).toBe(
      'interrupted',
    );
    expect(d.prepare("SELECT count(*) FROM import_batches WHERE status = 'running'").pluck().get()).toBe(0);
    d.close();
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
