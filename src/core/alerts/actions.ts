import type { AlertConfig } from '../../config.js';
import { UserError } from '../../errors.js';
import { addAlertEvent, getAlert, saveAlert, type AlertEventKind, type AlertRow } from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import { localDate } from '../digest/day-window.js';
import { dueInstant } from '../schedule/due.js';
import { nextDate, notifyChange } from './notify.js';
import { publicId, timeIn } from './render.js';

export type SnoozeFor = '1h' | '4h' | '8am';

export function snoozeUntil(nowMs: number, f: SnoozeFor, timeZone: string): number {
  if (f === '1h') return nowMs + 3_600_000;
  if (f === '4h') return nowMs + 4 * 3_600_000;
  return dueInstant(nextDate(localDate(new Date(nowMs), timeZone)), '08:00', timeZone);
}

export type AlertAction = { kind: 'ack' } | { kind: 'snooze'; for: SnoozeFor } | { kind: 'resolve' };

/**
 * Acknowledge, snooze or resolve by hand, in one transaction with the event and its deliveries
 * (message edit, thread reply, PagerDuty). Pressing a button twice changes nothing the second time.
 */
export function actOnAlert(
  db: Db,
  cfg: AlertConfig,
  timeZone: string,
  id: number,
  action: AlertAction,
  by: string,
  nowMs: number,
): { alert: AlertRow; changed: boolean; text: string } {
  return db
    .transaction(() => {
      const a = getAlert(db, id);
      if (!a) throw new UserError('alerts.unknown', `There is no ${publicId(id)}.`);
      if (a.state === 'resolved') return { alert: a, changed: false, text: `${publicId(id)} is already resolved.` };
      if (a.state === 'pending') return { alert: a, changed: false, text: `${publicId(id)} has not fired yet.` };
      let event: AlertEventKind;
      let detail: string | null = null;
      let text: string;
      if (action.kind === 'ack') {
        if (a.ackedBy)
          return { alert: a, changed: false, text: `${publicId(id)} was already acknowledged by ${a.ackedBy}.` };
        a.ackedBy = by;
        a.ackedMs = nowMs;
        if (a.state === 'firing') a.state = 'acknowledged';
        event = 'acknowledged';
        text = `Acknowledged ${publicId(id)}.`;
      } else if (action.kind === 'snooze') {
        a.snoozedUntilMs = snoozeUntil(nowMs, action.for, timeZone);
        a.state = 'snoozed';
        event = 'snoozed';
        detail = timeIn(a.snoozedUntilMs, timeZone);
        text = `Snoozed ${publicId(id)} until ${detail}.`;
      } else {
        a.state = 'resolved';
        a.resolvedMs = nowMs;
        a.resolvedBy = by;
        a.resolveReason = 'manual';
        a.snoozedUntilMs = null;
        event = 'resolved';
        text = `Resolved ${publicId(id)}.`;
      }
      saveAlert(db, a, nowMs);
      const eventId = addAlertEvent(db, { alertId: a.id, atMs: nowMs, kind: event, byUser: by, detail });
      notifyChange(db, cfg, a, event, eventId, nowMs);
      return { alert: a, changed: true, text };
    })
    .immediate();
}
