import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb } from './run-cli.js';

describe('sipbot demo, digest and patterns', () => {
  const db = tempDb();

  it('demo seeds the database and prints what it planted; a second run stores nothing', async () => {
    const r = await runCli(['demo', '--db', db, '--days', '8', '--calls-per-day', '3000', '--end', '2026-11-20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ calls stored in .*, 2026-11-13 to 2026-11-20 UTC\./);
    expect(r.stdout).toContain('reputation         number  +12125550123');
    const again = await runCli([
      'demo',
      '--db',
      db,
      '--days',
      '8',
      '--calls-per-day',
      '3000',
      '--end',
      '2026-11-20',
      '--json',
    ]);
    const j = JSON.parse(again.stdout) as { stored: number; generated: number; planted: unknown[] };
    expect(j.stored).toBe(0);
    expect(j.generated).toBeGreaterThan(20_000);
    expect(j.planted).toHaveLength(6);
  });

  it('digest --json prints the documented shape for the local day, and --chart writes a PNG', async () => {
    const png = join(dirname(db), 'chart.png');
    const r = await runCli(['digest', '--db', db, '--date', '2026-11-20', '--json', '--chart', png]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      period: { from: string; timezone: string };
      findings: Array<{ verdict: string; subject: string }>;
    };
    expect(j.period).toMatchObject({ from: '2026-11-20T00:00:00.000Z', timezone: 'UTC' });
    expect(j.findings.map((f) => f.verdict)).toContain('reputation');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const chicago = JSON.parse(
      (await runCli(['digest', '--db', db, '--date', '2026-11-19', '--tz', 'America/Chicago', '--json'])).stdout,
    ) as typeof j;
    expect(chicago.period).toMatchObject({ from: '2026-11-19T06:00:00.000Z', timezone: 'America/Chicago' });
  });

  it('digest prints text by default', async () => {
    const r = await runCli(['digest', '--db', db, '--date', '2026-11-20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^403 digest: Fri, 20 Nov 2026 \(UTC\)\n/);
    expect(r.stdout).toContain('Routes');
  });

  it('patterns filters by number in any format', async () => {
    const r = await runCli([
      'patterns',
      '--db',
      db,
      '--from',
      '2026-11-20',
      '--to',
      '2026-11-21',
      '--number',
      '(312) 555-0147',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { findings: Array<{ subject: string; verdict: string }> };
    expect(j.findings.filter((f) => f.subject === '+13125550147').map((f) => f.verdict)).toEqual(['carrier_policy']);
  });

  it('bad usage exits 2, a window that cannot be included, with one line and the help hint', async () => {
    expect((await runCli(['digest', '--db', db, '--date', '2026-02-30'])).code).toBe(2);
    expect((await runCli(['digest', '--db', db, '--tz', 'Mars/Olympus'])).code).toBe(2);
    expect((await runCli(['patterns', '--db', db, '--since', 'soon'])).code).toBe(2);
    expect((await runCli(['patterns', '--db', db, '--since', '24h', '--from', '2026-11-20'])).code).toBe(2);
    const r = await runCli(['patterns', '--db', db, '--from', '2026-11-21', '--to', '2026-11-20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sipbot: --from must be before --to.\n(run with --help for usage)\n');
    expect((await runCli(['demo', '--db', db, '--plant', 'bogus'])).code).toBe(2);
    expect(existsSync(db)).toBe(true);
  });
});
