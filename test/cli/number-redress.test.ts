import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { background, seedHistory } from '../core/number/history.js';
import { runCli, tempDb } from './run-cli.js';

const N = '+12125550123';
const DAY = 86_400_000;

/** A file database with a number refused on two routes for the last 9 days (the CLI runs on the real clock). */
function seeded(): string {
  const path = tempDb();
  const db = openDb(path);
  seedHistory(db, Date.now(), 30, [
    ...background(['east', 'west'], 40),
    {
      number: N,
      routes: {
        east: (d) => ({
          calls: 60,
          blocked: d >= 21 ? 40 : 0,
          code: 603,
          reasonHeader: 'SIP;cause=603;text="v=analytics1;url=https://example.com/redress;id=BLK-9";location=TN',
        }),
        west: (d) => ({ calls: 60, blocked: d >= 21 ? 35 : 0 }),
      },
    },
  ]);
  db.close();
  return path;
}

describe('sipbot number and sipbot redress', () => {
  const db = seeded();

  it('number --json prints the documented shape exactly', async () => {
    const r = await runCli(['number', '(212) 555-0123', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      verdicts: Array<Record<string, unknown>>;
      days: Array<Record<string, unknown>>;
    };
    expect(Object.keys(j)).toEqual(['number', 'verdicts', 'days', 'attestation', 'redress']);
    expect(j.number).toBe(N);
    const today = Math.floor(Date.now() / DAY) * DAY;
    expect(j.verdicts).toEqual([
      { verdict: 'reputation', began: new Date(today - 8 * DAY).toISOString(), recovered: null },
    ]);
    expect(j.days).toHaveLength(30);
    expect(Object.keys(j.days[0]!)).toEqual(['date', 'calls', 'blocked', 'routes']);
    expect(j.attestation).toEqual({ A: 0, B: 0, C: 0, unknown: expect.any(Number) });
    expect(j.redress).toEqual([]);
  });

  it('number prints the card; an unknown number is exit 1, a bad one too, a bad --days exit 2', async () => {
    const r = await runCli(['number', N, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Number health +12125550123: remediate it');
    expect(r.stdout).toContain('603+ from east (TN): url https://example.com/redress, id BLK-9');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('Ask the terminating carrier (the 603+ contact) to review it');
    const none = await runCli(['number', '+12125550999', '--db', db]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No calls from +12125550999 in the last 30 days.');
    expect((await runCli(['number', 'hello', '--db', db])).code).toBe(1);
    expect((await runCli(['number', N, '--db', db, '--days', '500'])).code).toBe(2);
  });

  it('redress --engine first-orion --out writes the two-column CSV; list and mark record it', async () => {
    expect((await runCli(['redress', 'profile', 'purpose', 'reminders', 'informational', '--db', db])).code).toBe(0);
    const out = `${db}.csv`;
    const r = await runCli(['redress', N, '--engine', 'first-orion', '--out', out, '--db', db]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('2125550123,Informational/Notification\r\n');
    expect(r.stderr).toMatch(/redress #1 prepared \(draft; not submitted\)/);
    const carrier = await runCli(['redress', N, '--engine', 'carrier', '--db', db]);
    expect(carrier.stdout).toContain('603+ ids: BLK-9');
    expect(carrier.stdout).toMatch(/to \+1512555XXXX {2}via east {2}603 Network Blocked {2}id=BLK-9/);
    expect(carrier.stdout).not.toMatch(/\+1512555\d{4}/);
    expect((await runCli(['redress', 'mark', '1', 'submitted', '--ref', 'FO-77', '--db', db])).stdout).toBe(
      `#1 ${N} first-orion: submitted, ref FO-77\n`,
    );
    const list = await runCli(['redress', 'list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 2, engine: 'carrier', status: 'draft', submitted_at: null }),
      expect.objectContaining({ id: 1, engine: 'first-orion', status: 'submitted', reference: 'FO-77' }),
    ]);
    const j = JSON.parse((await runCli(['number', N, '--db', db, '--json'])).stdout) as {
      redress: Array<{ id: number; status: string }>;
    };
    expect(j.redress.map((x) => [x.id, x.status])).toEqual([
      [2, 'draft'],
      [1, 'submitted'],
    ]);
    expect((await runCli(['redress', N, '--engine', 'nobody', '--db', db])).code).toBe(1);
    expect((await runCli(['redress', N, '--db', db])).code).toBe(2);
    expect((await runCli(['redress', 'mark', '99', 'resolved', '--db', db])).code).toBe(1);
  });
});
