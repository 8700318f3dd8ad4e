import type { AlertConfig } from '../../config.js';
import { listAlertSubscriptions, type AlertSubscription } from '../../store/alert-subscriptions.js';
import { addAlertTarget, alertTargets, type AlertEventKind, type AlertRow } from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import { enqueue } from '../../store/outbox.js';
import { localDate, parseDate } from '../digest/day-window.js';
import { dueInstant, parseLocalTime } from '../schedule/due.js';
import { timeIn } from './render.js';

/** What an outbox row of the alerts carries; the message is rendered from the database when it goes out. */
export interface AlertPayload {
  alertId: number;
  eventId: number;
  /** PagerDuty only. */
  action?: PagerDutyAction;
}

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/** How each change reaches PagerDuty: a snooze is an acknowledgement with a timer; its end triggers again. */
const PAGERDUTY: Record<AlertEventKind, PagerDutyAction> = {
  fired: 'trigger',
  acknowledged: 'acknowledge',
  snoozed: 'acknowledge',
  unsnoozed: 'trigger',
  resolved: 'resolve',
  recovered: 'resolve',
};

export function nextDate(date: string): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function matches(sub: AlertSubscription, a: AlertRow): boolean {
  if (a.kind === 'account' || sub.filterKind === null) return true;
  if (sub.filterKind === 'number') return a.kind === 'number' && a.subject === sub.filterValue;
  return (a.kind === 'route' && a.subject === sub.filterValue) || a.routes.includes(sub.filterValue ?? '');
}

/** The end of the channel's quiet hours when `atMs` falls inside them, else `atMs`. */
export function quietUntil(sub: Pick<AlertSubscription, 'quietFrom' | 'quietTo' | 'timeZone'>, atMs: number): number {
  if (!sub.quietFrom || !sub.quietTo) return atMs;
  const from = parseLocalTime(sub.quietFrom);
  const to = parseLocalTime(sub.quietTo);
  if (!from || !to) return atMs;
  const [h, m] = timeIn(atMs, sub.timeZone).split(':').map(Number) as [number, number];
  const now = h * 60 + m;
  const f = from.h * 60 + from.m;
  const t = to.h * 60 + to.m;
  const today = localDate(new Date(atMs), sub.timeZone);
  if (f < t) return now >= f && now < t ? dueInstant(today, sub.quietTo, sub.timeZone) : atMs;
  // Over midnight (22:00-07:00).
  if (now >= f) return dueInstant(nextDate(today), sub.quietTo, sub.timeZone);
  if (now < t) return dueInstant(today, sub.quietTo, sub.timeZone);
  return atMs;
}

/**
 * Puts a change's deliveries in the outbox, in the caller's transaction: the first post to every
 * subscribed channel (after its quiet hours), then for every later change an edit of that message
 * and a reply in its thread, and the PagerDuty event. Event keys make each one happen once.
 */
export function notifyChange(
  db: Db,
  cfg: AlertConfig,
  a: AlertRow,
  event: AlertEventKind,
  eventId: number,
  nowMs: number,
): void {
  const payload = (extra: Partial<AlertPayload> = {}): string =>
    JSON.stringify({ alertId: a.id, eventId, ...extra } satisfies AlertPayload);
  if (event === 'fired') {
    for (const sub of listAlertSubscriptions(db)) {
      if (!matches(sub, a)) continue;
      const target = `${sub.platform}:${sub.channelId}`;
      const notBeforeMs = quietUntil(sub, nowMs);
      if (addAlertTarget(db, a.id, target, notBeforeMs)) {
        enqueue(
          db,
          {
            eventKey: `alert:${a.id}:post:${target}`,
            kind: 'alert.post',
            target,
            payload: payload(),
            escalationId: null,
            notBeforeMs,
          },
          nowMs,
        );
      }
    }
  } else {
    for (const t of alertTargets(db, a.id)) {
      const notBeforeMs = Math.max(nowMs, t.notBeforeMs);
      enqueue(
        db,
        {
          eventKey: `alert:${a.id}:update:${eventId}:${t.target}`,
          kind: 'alert.update',
          target: t.target,
          payload: payload(),
          escalationId: null,
          notBeforeMs,
        },
        nowMs,
      );
      enqueue(
        db,
        {
          eventKey: `alert:${a.id}:reply:${eventId}:${t.target}`,
          kind: 'alert.reply',
          target: t.target,
          payload: payload(),
          escalationId: null,
          notBeforeMs,
        },
        nowMs,
      );
    }
  }
  if (cfg.webhookUrl) {
    enqueue(
      db,
      {
        eventKey: `alert:${a.id}:pd:${eventId}`,
        kind: 'pagerduty',
        target: cfg.webhookUrl,
        payload: payload({ action: PAGERDUTY[event] }),
        escalationId: null,
      },
      nowMs,
    );
  }
}
