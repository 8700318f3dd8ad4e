/**
 * One piece of work for each of serve's timers, all due at `due` (after start-up, so that the
 * first ticks at start-up find nothing and the test's ticks do it all): an alert's first post, a
 * day-3 redress check, a digest. The escalation worker's work comes from the form the test submits.
 */
import type { Config } from '../../src/config.js';
import { notifyChange } from '../../src/core/alerts/notify.js';
import { upsertAlertSubscription } from '../../src/store/alert-subscriptions.js';
import { addAlertEvent, getAlert, insertAlert } from '../../src/store/alerts.js';
import type { Db } from '../../src/store/db.js';
import { createRedress, markRedress } from '../../src/store/redress.js';
import { upsertSubscription } from '../../src/store/subscriptions.js';

const DAY = 86_400_000;

export const ALERTS_CHANNEL = 'C0ALERTS';
export const REDRESS_CHANNEL = 'C0REDRESS';
export const DIGEST_CHANNEL = 'C0DIGEST';

export function planTimerWork(db: Db, config: Config, number: string, now: number, due: number): void {
  upsertAlertSubscription(db, {
    platform: 'slack',
    channelId: ALERTS_CHANNEL,
    filterKind: null,
    filterValue: null,
    quietFrom: null,
    quietTo: null,
    timeZone: 'UTC',
    createdBy: 'ana',
    createdMs: now - DAY,
  });
  const alertId = insertAlert(
    db,
    {
      kind: 'route',
      subject: 'telco-guard',
      verdict: 'configuration',
      sinceMs: now - 600_000,
      pendingMs: now - 600_000,
      calls: 400,
      blocked: 180,
      baselineRate: 0.02,
      longCalls: 4000,
      longBlocked: 200,
      peakRate: 0.45,
      routes: ['telco-guard'],
    },
    now,
  );
  const eventId = addAlertEvent(db, { alertId, atMs: now, kind: 'fired', byUser: null, detail: null });
  notifyChange(db, config.alerts, getAlert(db, alertId)!, 'fired', eventId, due);

  const redress = createRedress(
    db,
    {
      number,
      engine: 'hiya',
      packet: 'p',
      createdBy: 'ana',
      platform: 'slack',
      channelId: REDRESS_CHANNEL,
      threadId: null,
    },
    due - 4 * DAY,
  );
  markRedress(db, redress.id, 'submitted', 'HY-1', due - 3 * DAY);

  // Subscribed a minute ago for the minute `due` falls in: its first digest is due then, not before.
  upsertSubscription(db, {
    platform: 'slack',
    channelId: DIGEST_CHANNEL,
    threadId: null,
    localTime: new Date(due).toISOString().slice(11, 16),
    timeZone: 'UTC',
    filterKind: null,
    filterValue: null,
    createdBy: 'ana',
    createdMs: now - 60_000,
  });
}
