import { describe, expect, it } from 'vitest';
import { runCli, tempDb } from './run-cli.js';

describe('sipbot calls', () => {
  const db = tempDb();
  const win = ['--from', '2026-11-20', '--to', '2026-11-21'];

  it('lists the calls of a window, newest first, with the columns a carrier ticket needs', async () => {
    expect((await runCli(['demo', '--db', db, '--days', '8', '--calls-per-day', '3000', '--end', '2026-11-20'])).code).toBe(0);
    const r = await runCli(['calls', '--db', db, ...win, '--route', 'sipline', '--blocked', '--limit', '5']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^time \(UTC\)\s+caller\s+callee\s+route\s+code\s+reason\s+call id$/);
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(1)) expect(l).toMatch(/^2026-11-20 \d\d:\d\d:\d\d {2}\+\d+ +\+\d+ +sipline +(403|603|607|608) /);
    expect(r.stderr).toMatch(/^5 of \d+ calls shown/);
  });

  it('--csv writes every matching call; --code 603+ keeps only 603 Network Blocked; --number takes any format', async () => {
    const all = await runCli(['calls', '--db', db, ...win, '--number', '(212) 555-0123', '--blocked', '--csv']);
    expect(all.code).toBe(0);
    const rows = all.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('time_utc,caller,callee,route,sip_code,sip_reason,q850_cause,call_id,source,region');
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.slice(1).every((l) => l.split(',')[1] === '+12125550123')).toBe(true);
    const plus = await runCli(['calls', '--db', db, ...win, '--number', '+12125550123', '--code', '603+', '--csv']);
    const plusRows = plus.stdout.trimEnd().split('\n').slice(1);
    expect(plusRows.length).toBeGreaterThan(10);
    expect(plusRows.length).toBeLessThan(rows.length - 1);
    expect(plusRows.every((l) => /,603,Network Blocked,/i.test(l))).toBe(true);
    const region = await runCli(['calls', '--db', db, ...win, '--region', '876', '--csv', '--limit', '3']);
    expect(region.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',').at(-1))).toEqual(['876', '876', '876']);
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
