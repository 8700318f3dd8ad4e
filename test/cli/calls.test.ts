import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsReply } from '../../src/core/calls/calls-reply.js';
import { openDb } from '../../src/store/db.js';
import { runCli, tempDb } from './run-cli.js';

describe('sipbot calls', () => {
  const db = tempDb();
  const win = ['--from', '2026-11-20', '--to', '2026-11-21'];

  it('lists the calls of a window, newest first, with the columns a carrier ticket needs', async () => {
    expect(
      (await runCli(['demo', '--db', db, '--days', '8', '--calls-per-day', '3000', '--end', '2026-11-20'])).code,
    ).toBe(0);
    const r = await runCli(['calls', '--db', db, ...win, '--route', 'sipline', '--blocked', '--limit', '5']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+caller\s+callee\s+route\s+code\s+reason\s+call id$/);
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(1))
      expect(l).toMatch(/^2026-11-20 \d\d:\d\d:\d\d {2}\+\d+ +\+\d+ +sipline +(403|603|607|608) /);
    expect(r.stderr).toMatch(/^5 of \d+ calls shown/);
  });

  it('--csv writes every matching call; --code 603+ keeps only 603 Network Blocked; --number takes any format', async () => {
    const all = await runCli(['calls', '--db', db, ...win, '--number', '(212) 555-0123', '--blocked', '--csv']);
    expect(all.code).toBe(0);
    const rows = all.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('time_utc,caller,callee,route,sip_code,sip_reason,q850_cause,call_id,source,region,attempt');
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.slice(1).every((l) => l.split(',')[1] === '+12125550123')).toBe(true);
    const plus = await runCli(['calls', '--db', db, ...win, '--number', '+12125550123', '--code', '603+', '--csv']);
    const plusRows = plus.stdout.trimEnd().split('\n').slice(1);
    expect(plusRows.length).toBeGreaterThan(10);
    expect(plusRows.length).toBeLessThan(rows.length - 1);
    expect(plusRows.every((l) => /,603,Network Blocked,/i.test(l))).toBe(true);
    const region = await runCli(['calls', '--db', db, ...win, '--region', '876', '--csv', '--limit', '3']);
    expect(
      region.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[9]),
    ).toEqual(['876', '876', '876']);
  });

  it('bad input: an unknown route names the known ones (exit 1); a bad flag value is exit 2', async () => {
    const r = await runCli(['calls', '--db', db, '--route', 'sipln']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No route "sipln" in the calls.');
    expect(r.stderr).toContain('sipline');
    expect((await runCli(['calls', '--db', db, '--code', 'forbidden'])).code).toBe(1);
    expect((await runCli(['calls', '--db', db, '--since', 'soon'])).code).toBe(2);
    expect((await runCli(['calls', '--db', db, '--limit', '0'])).code).toBe(2);
    expect((await runCli(['calls', '--db', db, '--since', '24h', '--from', '2026-11-20'])).code).toBe(2);
    const none = await runCli(['calls', '--db', db, '--from', '2020-01-01', '--to', '2020-01-02']);
    expect(none).toMatchObject({ code: 0, stdout: 'no calls match\n' });
  });
});

// A real Master.csv (test/fixtures/real/SOURCES.md): rows 2-3, 4-5 and 6-7 share a uniqueid and
// differ by dstchannel, so two stored attempts carry the same call id.
describe('sipbot calls: attempts that share a call id', () => {
  const FILE = join(import.meta.dirname, '..', 'fixtures', 'real', 'asterisk', 'kafka-topic-sample-Master.csv');
  const db = tempDb();
  const win = ['--from', '2018-09-07', '--to', '2018-09-08'];

  it('the page suffixes #n/m only to ids that repeat; the CSV has the attempt key', async () => {
    expect((await runCli(['ingest', FILE, '--db', db, '--format', 'asterisk', '--tz', 'Asia/Krasnoyarsk'])).code).toBe(
      0,
    );
    const page = await runCli(['calls', '--db', db, ...win]);
    expect(page.code).toBe(0);
    const [head, ...rows] = page.stdout.trimEnd().split('\n');
    // SPEC's columns, unchanged: the suffix lives inside the call id column.
    expect(head).toMatch(/^time \(UTC\)\s+caller\s+callee\s+route\s+code\s+reason\s+call id$/);
    const ids = rows.map((l) => /(\d+\.\d+(?: #\d\/\d)?)$/.exec(l)?.[1]);
    expect(ids).toEqual([
      '1536293320.12674',
      '1536293284.12655 #2/2',
      '1536293284.12655 #1/2',
      '1536293283.12653',
      '1536293250.12602 #2/2',
      '1536293250.12602 #1/2',
      '1536293101.12458 #2/2',
      '1536293101.12458 #1/2',
    ]);
    expect(rows[1]).toMatch(/^2018-09-07 04:08:14 .* avayaG700 /);

    const csv = (await runCli(['calls', '--db', db, ...win, '--csv'])).stdout.trimEnd().split('\n');
    expect(csv[0]!.split(',').at(-1)).toBe('attempt');
    const byId = (id: string): string[] => csv.slice(1).filter((l) => l.split(',')[7] === id);
    const pair = byId('1536293101.12458');
    expect(pair).toHaveLength(2);
    // Each row's attempt key names its own leg (the Local/ helper, then the H.323 gateway).
    expect(pair[0]).toMatch(/,"?OOH323\/avayaG700-1919\|/);
    expect(pair[1]).toMatch(/,"?Local\/09243820431@default-000005a6;1\|/);
  });

  it('the chat page (/sip calls) shows the same suffixes', async () => {
    const conn = openDb(db);
    try {
      const reply = callsReply(
        conn,
        {
          fromMs: Date.UTC(2018, 8, 7),
          toMs: Date.UTC(2018, 8, 8),
          subject: { kind: 'account' },
          blocked: false,
          page: 0,
        },
        { attach: false },
      );
      const table = reply.blocks.find((b) => b.kind === 'table');
      if (table?.kind !== 'table') throw new Error('no table');
      const col = table.columns.indexOf('call id');
      expect(table.rows.map((r) => r[col])).toEqual([
        '1536293320.12674',
        '1536293284.12655 #2/2',
        '1536293284.12655 #1/2',
        '1536293283.12653',
        '1536293250.12602 #2/2',
        '1536293250.12602 #1/2',
        '1536293101.12458 #2/2',
        '1536293101.12458 #1/2',
      ]);
    } finally {
      conn.close();
    }
  });
});
