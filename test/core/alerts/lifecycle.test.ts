import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actOnAlert } from '../../../src/core/alerts/actions.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { alertEvents, getAlert, openAlerts } from '../../../src/store/alerts.js';
import { openDb } from '../../../src/store/db.js';
import { listOutbox } from '../../../src/store/outbox.js';
import { MINUTE, ONSET, Sim, START } from './sim.js';

const westDown =
  (from: number, to = Infinity) =>
  (c: { minuteMs: number; route: string }) =>
    c.minuteMs >= from && c.minuteMs < to && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('alerts: lifecycle', () => {
  it('a route flapping every 10 minutes for 2 hours raises one alert, which recovers once it stops', async () => {
    const flapping = (c: { minuteMs: number; route: string }) => {
      const k = Math.floor((c.minuteMs - ONSET) / (10 * MINUTE));
      return c.minuteMs >= ONSET && c.minuteMs < ONSET + 120 * MINUTE && k % 2 === 0 && c.route === 'telco-east'
        ? { code: 403, reason: 'Forbidden' }
        : null;
    };
    const sim = new Sim({ outcome: flapping });
    await sim.runUntil(ONSET + 150 * MINUTE);
    const fired = sim.fired();
    expect(fired).toHaveLength(1);
    const a = getAlert(sim.ctx.db, fired[0]!.alertId)!;
    expect([a.kind, a.subject]).toEqual(['route', 'telco-east']);
    // Last refused minute: 01:50 after onset ended at +110; quiet from then on.
    expect(a.state).toBe('resolved');
    expect(a.resolveReason).toBe('recovered');
    expect(a.resolvedMs!).toBeGreaterThan(ONSET + 110 * MINUTE);
    expect(sim.poster.posts.filter((p) => !p.target.threadId)).toHaveLength(1);
    expect(sim.poster.posts.filter((p) => p.target.threadId)).toHaveLength(1);
    expect(sim.poster.updates).toHaveLength(1);
  });

  it('auto-resolves after 15 quiet steps, edits the message and replies in its thread', async () => {
    const sim = new Sim({ outcome: westDown(ONSET, ONSET + 20 * MINUTE) });
    await sim.runUntil(ONSET + 60 * MINUTE);
    const [fired] = sim.fired();
    const a = getAlert(sim.ctx.db, fired!.alertId)!;
    expect(a.state).toBe('resolved');
    expect(a.resolveReason).toBe('recovered');
    // The short window is clean 10 minutes after the last refusal; 15 quiet steps after that.
    expect(a.resolvedMs).toBe(ONSET + 20 * MINUTE + 10 * MINUTE + 14 * MINUTE);
    const msg = sim.poster.posts[0]!;
    expect(sim.poster.updates.at(-1)!.ref.messageId).toBe(msg.messageId);
    expect(sim.poster.updates.at(-1)!.reply.title).toMatch(/^Resolved: /);
    const thread = sim.poster.posts.filter((p) => p.target.threadId === msg.messageId);
    expect(thread.map((p) => p.reply.blocks[0])).toEqual([
      expect.objectContaining({ text: expect.stringContaining('Recovered by itself') }),
    ]);
  });

  it('a snooze ends at its time: back to firing, with an edit and a thread reply', async () => {
    const sim = new Sim({ outcome: westDown(ONSET) });
    await sim.runUntil(ONSET + 10 * MINUTE);
    const id = sim.fired()[0]!.alertId;
    const r = actOnAlert(
      sim.ctx.db,
      sim.ctx.config.alerts,
      'UTC',
      id,
      { kind: 'snooze', for: '1h' },
      'alice',
      sim.ctx.clock.now().getTime(),
    );
    expect(r.changed).toBe(true);
    await sim.tick();
    expect(getAlert(sim.ctx.db, id)!.state).toBe('snoozed');
    const until = getAlert(sim.ctx.db, id)!.snoozedUntilMs!;
    await sim.runUntil(until - MINUTE);
    expect(getAlert(sim.ctx.db, id)!.state).toBe('snoozed');
    await sim.runUntil(until + MINUTE);
    expect(getAlert(sim.ctx.db, id)!.state).toBe('firing');
    expect(alertEvents(sim.ctx.db, id).map((e) => e.kind)).toEqual(['fired', 'snoozed', 'unsnoozed']);
    const msg = sim.poster.posts[0]!;
    const thread = sim.poster.posts
      .filter((p) => p.target.threadId === msg.messageId)
      .map((p) => (p.reply.blocks[0] as { text: string }).text);
    expect(thread).toEqual([expect.stringContaining('Snoozed by alice'), expect.stringContaining('Snooze over')]);
    expect(sim.fired()).toHaveLength(1);
  });

  it('a restart mid-alert neither loses it nor posts it again; the missed minutes are evaluated once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-alerts-'));
    dirs.push(dir);
    const path = join(dir, 'sipbot.db');
    const config = loadConfig({ SIPBOT_DB: path, SIPBOT_ALERT_BASELINE_DAYS: '2' });
    const clock = new ManualClock(new Date(START));
    const first = new Sim(
      { outcome: westDown(ONSET) },
      { ctx: { db: openDb(path), clock, log: silentLogger, config }, historyDays: 0 },
    );
    const { upsertAlertSubscription } = await import('../../../src/store/alert-subscriptions.js');
    upsertAlertSubscription(first.ctx.db, {
      platform: 'slack',
      channelId: 'C-ALERTS',
      filterKind: null,
      filterValue: null,
      quietFrom: null,
      quietTo: null,
      timeZone: 'UTC',
      createdBy: 'U1',
      createdMs: START,
    });
    await first.runUntil(ONSET + 8 * MINUTE);
    const id = first.fired()[0]!.alertId;
    expect(first.poster.posts).toHaveLength(1);
    first.ctx.db.close();

    // Down for 7 minutes while calls keep arriving (another process stores them).
    const second = new Sim(
      { outcome: westDown(ONSET), seed: 99 },
      { ctx: { db: openDb(path), clock, log: silentLogger, config }, historyDays: 0 },
    );
    second.minuteMs = ONSET + 8 * MINUTE;
    const { insertCalls } = await import('../../../src/store/calls.js');
    const { TrafficGenerator } = await import('../../generators/alert-traffic.js');
    const gen = new TrafficGenerator({ outcome: westDown(ONSET), seed: 5 });
    for (let m = ONSET + 8 * MINUTE; m < ONSET + 15 * MINUTE; m += MINUTE) insertCalls(second.ctx.db, gen.minute(m));
    clock.set(new Date(ONSET + 15 * MINUTE + 5000));
    const caughtUp = await second.tick();
    expect(caughtUp.steps).toBe(7);
    expect((await second.tick()).steps).toBe(0);
    expect(openAlerts(second.ctx.db).map((a) => [a.id, a.state])).toEqual([[id, 'firing']]);
    expect(second.fired()).toEqual([]);
    expect(second.poster.posts).toEqual([]);
    expect(listOutbox(second.ctx.db, { kind: 'alert.post' })).toHaveLength(1);
    second.ctx.db.close();
  });
});
