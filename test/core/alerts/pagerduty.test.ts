import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actOnAlert } from '../../../src/core/alerts/actions.js';
import { pagerDutyEvent, sendPagerDuty } from '../../../src/core/alerts/pagerduty.js';
import { getAlert } from '../../../src/store/alerts.js';
import { listOutbox } from '../../../src/store/outbox.js';
import { startPagerDutyFake, type PagerDutyFake } from '../../fakes/pagerduty-fake.js';
import { MINUTE, ONSET, Sim } from './sim.js';

const KEY = 'R0123456789abcdef0123456789abcd'.padEnd(32, 'x');

let pd: PagerDutyFake;
beforeEach(async () => {
  pd = await startPagerDutyFake();
});
afterEach(async () => {
  await pd.close();
});

describe('the PagerDuty fake refuses what PagerDuty refuses', () => {
  const trigger = {
    routing_key: KEY,
    event_action: 'trigger',
    dedup_key: 'alert-1',
    payload: { summary: 's', source: 'sipbot', severity: 'critical' },
  };
  it.each([
    ['no routing key', { ...trigger, routing_key: undefined }],
    ['a bad severity', { ...trigger, payload: { ...trigger.payload, severity: 'high' } }],
    [
      'a payload over 512 KB',
      { ...trigger, payload: { ...trigger.payload, custom_details: { x: 'a'.repeat(520 * 1024) } } },
    ],
  ])('400 for %s; sendPagerDuty gives it up (permanent)', async (_, body) => {
    const r = await sendPagerDuty(pd.url, body as Record<string, unknown>);
    expect(r).toMatchObject({ ok: false, permanent: true });
    expect(pd.answers.at(-1)!.status).toBe(400);
    expect(pd.events).toEqual([]);
  });

  it('202 with the dedup_key, like PagerDuty; 429 and 5xx are retried', async () => {
    expect(await sendPagerDuty(pd.url, trigger)).toMatchObject({ ok: true });
    expect(pd.answers.at(-1)).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'alert-1' },
    });
    pd.failNext(429);
    expect(await sendPagerDuty(pd.url, trigger)).toMatchObject({ ok: false, permanent: false });
    pd.failNext(502);
    expect(await sendPagerDuty(pd.url, trigger)).toMatchObject({ ok: false, permanent: false });
  });
});

describe('alerts to PagerDuty through the outbox', () => {
  it('trigger, acknowledge, resolve with dedup_key = the alert id; a 429 and a 500 are retried with back-off', async () => {
    const sim = new Sim(
      { outcome: (c) => (c.minuteMs >= ONSET && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null) },
      { env: { SIPBOT_ALERT_WEBHOOK: pd.url, SIPBOT_ALERT_ROUTING_KEY: KEY } },
    );
    pd.failNext(429);
    pd.failNext(500);
    await sim.runUntil(ONSET + 12 * MINUTE);
    const id = sim.fired()[0]!.alertId;
    // Refused twice (throttled, then a server error), sent on the third attempt after the back-off.
    expect(pd.answers.map((a) => a.status)).toEqual([429, 500, 202]);
    const [row] = listOutbox(sim.ctx.db, { kind: 'pagerduty' });
    expect(row!.attempts).toBe(3);
    expect(row!.sentMs! - sim.fired()[0]!.atMs).toBeGreaterThanOrEqual(90_000);
    const now = sim.ctx.clock.now().getTime();
    actOnAlert(sim.ctx.db, sim.ctx.config.alerts, 'UTC', id, { kind: 'ack' }, 'alice', now);
    actOnAlert(sim.ctx.db, sim.ctx.config.alerts, 'UTC', id, { kind: 'resolve' }, 'alice', now);
    await sim.delivery.tick();
    expect(pd.events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', `alert-${id}`],
      ['acknowledge', `alert-${id}`],
      ['resolve', `alert-${id}`],
    ]);
    const trig = pd.events[0]!;
    expect(trig.payload).toMatchObject({ severity: 'critical', source: 'route:telco-west', class: 'configuration' });
    expect(JSON.stringify(pagerDutyEvent(getAlert(sim.ctx.db, id)!, 'trigger', KEY, now)).length).toBeLessThan(
      512 * 1024,
    );
  });
});
