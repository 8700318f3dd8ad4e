import { describe, expect, it } from 'vitest';
import { getAlert } from '../../../src/store/alerts.js';
import { HEAVY } from '../../generators/alert-traffic.js';
import { MINUTE, ONSET, Sim, START } from './sim.js';

/** Fired within 5 simulated minutes of the first refused minute (its start), and nothing else fired. */
function expectOneAlert(sim: Sim, kind: string, subject: string): number {
  const fired = sim.fired();
  const alerts = fired.map((c) => getAlert(sim.ctx.db, c.alertId)!);
  expect(alerts.map((a) => `${a.kind}:${a.subject}`)).toEqual([`${kind}:${subject}`]);
  const at = fired[0]!.atMs;
  expect(at - ONSET).toBeLessThanOrEqual(5 * MINUTE);
  expect(at).toBeGreaterThan(ONSET);
  return alerts[0]!.id;
}

describe('alerts: onsets raise one alert within 5 simulated minutes', () => {
  it('a route config push: the route alert, holding back its numbers', async () => {
    const sim = new Sim({
      outcome: (c) => (c.minuteMs >= ONSET && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null),
    });
    await sim.runUntil(ONSET + 20 * MINUTE);
    const id = expectOneAlert(sim, 'route', 'telco-west');
    expect(getAlert(sim.ctx.db, id)!.verdict).toBe('configuration');
    expect(sim.poster.posts).toHaveLength(1);
    expect(sim.poster.posts[0]!.reply.title).toContain('route telco-west');
  });

  it('a number flagged on three carriers: a reputation alert on the number', async () => {
    const sim = new Sim({
      outcome: (c) => (c.minuteMs >= ONSET && c.caller === HEAVY ? { code: 603, reason: 'Network Blocked' } : null),
    });
    await sim.runUntil(ONSET + 20 * MINUTE);
    const id = expectOneAlert(sim, 'number', HEAVY);
    expect(getAlert(sim.ctx.db, id)!.verdict).toBe('reputation');
  });

  it('a region barred across routes and numbers: a destination_policy alert', async () => {
    const sim = new Sim({
      outcome: (c) => (c.minuteMs >= ONSET && c.region === '512' ? { code: 403, reason: 'Forbidden' } : null),
    });
    await sim.runUntil(ONSET + 20 * MINUTE);
    const id = expectOneAlert(sim, 'region', '512');
    expect(getAlert(sim.ctx.db, id)!.verdict).toBe('destination_policy');
  });
});

describe('alerts: control days raise none', () => {
  it('2% background refusals all day', async () => {
    const sim = new Sim({ noise: 0.02 });
    await sim.runUntil(START + 180 * MINUTE);
    expect(sim.ticks.reduce((n, t) => n + t.steps, 0)).toBe(180);
    expect(sim.fired()).toEqual([]);
  });

  it('a 503 outage on one route for 30 minutes (not a refusal)', async () => {
    const sim = new Sim({
      outcome: (c) =>
        c.minuteMs >= ONSET && c.minuteMs < ONSET + 30 * MINUTE && c.route === 'sipline'
          ? { code: 503, reason: 'Service Unavailable' }
          : null,
    });
    await sim.runUntil(ONSET + 60 * MINUTE);
    expect(sim.fired()).toEqual([]);
  });

  it('a quiet night: a call a minute, a few refused', async () => {
    const sim = new Sim({ perMinute: () => 1, noise: 0.05 });
    await sim.runUntil(START + 180 * MINUTE);
    expect(sim.fired()).toEqual([]);
  });
});
