import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDb } from './run-cli.js';

type Report = {
  totals: { calls: number; blocked: number };
  findings: Array<{ kind: string; subject: string; verdict: string }>;
};

describe('sipbot patterns of one subject', () => {
  const db = tempDb();
  const day = ['--from', '2026-11-20', '--to', '2026-11-21'];

  beforeAll(async () => {
    expect(
      (await runCli(['demo', '--db', db, '--days', '2', '--calls-per-day', '6000', '--end', '2026-11-20'])).code,
    ).toBe(0);
  });

  it("--region 876 prints that region's totals and its finding, not the account's", async () => {
    const all = JSON.parse((await runCli(['patterns', '--db', db, ...day, '--json'])).stdout) as Report;
    const r = await runCli(['patterns', '--db', db, ...day, '--region', '876', '--json']);
    expect(r.code).toBe(0);
    const jm = JSON.parse(r.stdout) as Report;
    expect(jm.totals.calls).toBeGreaterThan(0);
    expect(jm.totals.calls).toBeLessThan(all.totals.calls / 10);
    expect(jm.findings.map((f) => `${f.kind}:${f.subject}:${f.verdict}`)).toContain('region:876:destination_policy');
  });

  it('a route with no calls is exit 1 naming the nearest routes with calls; a region that is not one is exit 2', async () => {
    const r = await runCli(['patterns', '--db', db, ...day, '--route', 'siplin']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sipbot: No calls on route siplin in the last 1 day; nearest with calls: sipline, /);
    expect((await runCli(['patterns', '--db', db, ...day, '--region', 'nowhere'])).code).toBe(2);
  });
});
