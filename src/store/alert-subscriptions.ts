import type { ChatPlatformName } from '../adapters/platforms.js';
import type { Db } from './db.js';

export interface AlertSubscription {
  id: number;
  platform: ChatPlatformName;
  channelId: string;
  filterKind: 'route' | 'number' | null;
  filterValue: string | null;
  quietFrom: string | null;
  quietTo: string | null;
  timeZone: string;
  createdBy: string;
  createdMs: number;
}

const SELECT = `SELECT id, platform, channel_id AS channelId, filter_kind AS filterKind, filter_value AS filterValue, quiet_from AS quietFrom,
  quiet_to AS quietTo, time_zone AS timeZone, created_by AS createdBy, created_ms AS createdMs FROM alert_subscriptions`;

/** One subscription per channel: subscribing again replaces its filter and quiet hours. */
export function upsertAlertSubscription(db: Db, s: Omit<AlertSubscription, 'id'>): AlertSubscription {
  db.prepare(
    `INSERT INTO alert_subscriptions (platform, channel_id, filter_kind, filter_value, quiet_from, quiet_to, time_zone, created_by, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, channel_id) DO UPDATE SET filter_kind = excluded.filter_kind, filter_value = excluded.filter_value,
       quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, time_zone = excluded.time_zone`,
  ).run(
    s.platform,
    s.channelId,
    s.filterKind,
    s.filterValue,
    s.quietFrom,
    s.quietTo,
    s.timeZone,
    s.createdBy,
    s.createdMs,
  );
  return getAlertSubscription(db, s.platform, s.channelId)!;
}

export function getAlertSubscription(db: Db, platform: string, channelId: string): AlertSubscription | null {
  return (
    (db.prepare(`${SELECT} WHERE platform = ? AND channel_id = ?`).get(platform, channelId) as
      AlertSubscription | undefined) ?? null
  );
}

export function deleteAlertSubscription(db: Db, platform: string, channelId: string): boolean {
  return (
    db.prepare('DELETE FROM alert_subscriptions WHERE platform = ? AND channel_id = ?').run(platform, channelId)
      .changes === 1
  );
}

export function listAlertSubscriptions(db: Db): AlertSubscription[] {
  return db.prepare(`${SELECT} ORDER BY id`).all() as AlertSubscription[];
}
