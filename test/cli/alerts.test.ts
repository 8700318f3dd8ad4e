import { describe, expect, it } from 'vitest';
import { runAlertTick } from '../../src/core/alerts/tick.js';
import { defaultThresholds } from '../../src/core/analysis/thresholds.js';
import { loadConfig } from '../../src/config.js';
import { insertCalls } from '../../src/store/calls.js';
import { openDb } from '../../src/store/db.js';
import { TrafficGenerator } from '../generators/alert-traffic.js';
import { runCli, tempDb } from './run-cli.js';

const MINUTE = 60_000;

describe('sipbot alerts', () => {
  const db = tempDb();
  // Real time: the CLI reads the system clock. The last hour of traffic, telco-west refusing for 8 minutes.
  const now = Date.now();
  const minute = Math.floor(now / MINUTE) * MINUTE;
  const onset = minute - 8 * MINUTE;
  const gen = new TrafficGenerator({
    outcome: (c) => (c.minuteMs >= onset && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null),
  });
  const KEYS = ['id', 'kind', 'subject', 'verdict', 'state', 'since', 'calls', 'blocked', 'rate'];

  it('test: evaluates once now and prints what would fire, keeping nothing', async () => {
    const d = openDb(db);
    for (let m = minute - 60 * MINUTE; m < minute; m += MINUTE) insertCalls(d, gen.minute(m));
    d.close();
    const r = await runCli(['alerts', 'test', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { alerts: Array<Record<string, unknown>> };
    expect(out.alerts).toHaveLength(1);
    expect(Object.keys(out.alerts[0]!)).toEqual(KEYS);
    expect(out.alerts[0]).toMatchObject({
      kind: 'route',
      subject: 'telco-west',
      verdict: 'configuration',
      state: 'pending',
    });
    const status = await runCli(['alerts', '--db', db, '--json']);
    expect(JSON.parse(status.stdout)).toEqual({ alerts: [] });
  });

  it('status: the open alerts and their state, in the documented shape; a table without --json', async () => {
    const d = openDb(db);
    const cfg = loadConfig({}).alerts;
    runAlertTick(d, cfg, defaultThresholds(), minute - MINUTE + 5000);
    runAlertTick(d, cfg, defaultThresholds(), minute + 5000);
    d.close();
    const r = await runCli(['alerts', 'status', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const [a] = (JSON.parse(r.stdout) as { alerts: Array<Record<string, unknown>> }).alerts;
    expect(Object.keys(a!)).toEqual(KEYS);
    expect(a).toMatchObject({
      id: expect.stringMatching(/^alert-\d+$/),
      kind: 'route',
      subject: 'telco-west',
      state: 'firing',
    });
    expect(a!.rate).toBeGreaterThan(0.2);
    expect(Date.parse(String(a!.since))).toBeLessThan(minute);
    const t = await runCli(['alerts', '--db', db]);
    expect(t.stdout).toMatch(
      /^id\s+state\s+verdict\s+subject\s+since \(UTC\)\s+refused\nalert-\d+\s+firing\s+configuration\s+route telco-west/,
    );
  });

  it('bad usage exits 2', async () => {
    expect((await runCli(['alerts', 'fire', '--db', db])).code).toBe(2);
  });
});
