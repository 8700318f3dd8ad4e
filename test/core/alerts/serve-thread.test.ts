import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { AlertScheduler } from '../../../src/core/alerts/scheduler.js';
import { silentLogger } from '../../../src/log.js';
import { upsertAlertSubscription } from '../../../src/store/alert-subscriptions.js';
import { openAlerts } from '../../../src/store/alerts.js';
import { insertCalls } from '../../../src/store/calls.js';
import { openDb } from '../../../src/store/db.js';
import { DbWorkers } from '../../../src/workers/pool.js';
import { TrafficGenerator } from '../../generators/alert-traffic.js';
import { RecordingPoster } from '../escalation/recording-poster.js';

const MINUTE = 60_000;
const ONSET = Date.parse('2026-11-21T11:00:00Z');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// `serve`'s path: the scheduler hands the tick to a database thread (ctx.workers), which folds,
// evaluates and enqueues on its own connection; the event loop only delivers.
describe('alerts in serve: the tick runs in a database thread', () => {
  it('evaluates in the thread and posts from the event loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-alert-thread-'));
    dirs.push(dir);
    const path = join(dir, 'a.db');
    const config = loadConfig({ SIPBOT_DB: path });
    const db = openDb(path);
    const gen = new TrafficGenerator({
      outcome: (c) => (c.minuteMs >= ONSET && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null),
    });
    for (let m = ONSET - 60 * MINUTE; m < ONSET + 4 * MINUTE; m += MINUTE) insertCalls(db, gen.minute(m));
    upsertAlertSubscription(db, {
      platform: 'slack',
      channelId: 'C1',
      filterKind: null,
      filterValue: null,
      quietFrom: null,
      quietTo: null,
      timeZone: 'UTC',
      createdBy: 'U1',
      createdMs: 0,
    });
    const workers = await DbWorkers.start({
      dbPath: path,
      config,
      log: silentLogger,
      threads: 1,
      commandLockWaitMs: 5000,
      writeLockWaitMs: 5000,
    });
    const clock = new ManualClock(new Date(ONSET + 3 * MINUTE + 5000));
    const poster = new RecordingPoster('slack');
    const alerts = new AlertScheduler({ db, clock, log: silentLogger, config, workers }, [poster]);
    try {
      const first = await alerts.tick();
      expect(first?.folded).toBe(64 * 40);
      expect(openAlerts(db).map((a) => [a.subject, a.state])).toEqual([['telco-west', 'pending']]);
      clock.set(new Date(ONSET + 4 * MINUTE + 5000));
      const second = await alerts.tick();
      expect(second?.changes.map((c) => c.event)).toEqual(['fired']);
      expect(poster.posts.map((p) => p.target.channelId)).toEqual(['C1']);
    } finally {
      await alerts.stop();
      await workers.close();
      db.close();
    }
  });
});
