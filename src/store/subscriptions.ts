import type { ChatPlatformName } from '../adapters/platforms.js';
import type { Db } from './db.js';

export interface Subscription {
  id: number;
  platform: ChatPlatformName;
  channelId: string;
  threadId: string | null;
  localTime: string;
  timeZone: string;
  filterKind: 'route' | 'number' | null;
  filterValue: string | null;
  createdBy: string;
  createdMs: number;
  lastDate: string | null;
}

export interface DigestPost {
  localDate: string;
  claimedMs: number;
  postedMs: number | null;
  late: boolean;
  messageId: string | null;
  error: string | null;
}

const SELECT = `SELECT id, platform, channel_id AS channelId, thread_id AS threadId, local_time AS localTime, time_zone AS timeZone,
  filter_kind AS filterKind, filter_value AS filterValue, created_by AS createdBy, created_ms AS createdMs, last_date AS lastDate
  FROM digest_subscriptions`;

export type NewSubscription = Omit<Subscription, 'id' | 'lastDate'>;

/** One subscription per channel: subscribing again changes its time, zone and filter, not its history. */
export function upsertSubscription(db: Db, s: NewSubscription): Subscription {
  db.prepare(
    `INSERT INTO digest_subscriptions (platform, channel_id, thread_id, local_time, time_zone, filter_kind, filter_value, created_by, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (platform, channel_id) DO UPDATE SET thread_id = excluded.thread_id, local_time = excluded.local_time,
       time_zone = excluded.time_zone, filter_kind = excluded.filter_kind, filter_value = excluded.filter_value`,
  ).run(
    s.platform,
    s.channelId,
    s.threadId,
    s.localTime,
    s.timeZone,
    s.filterKind,
    s.filterValue,
    s.createdBy,
    s.createdMs,
  );
  return getSubscription(db, s.platform, s.channelId)!;
}

export function getSubscription(db: Db, platform: string, channelId: string): Subscription | undefined {
  return db.prepare(`${SELECT} WHERE platform = ? AND channel_id = ?`).get(platform, channelId) as
    Subscription | undefined;
}

export function deleteSubscription(db: Db, platform: string, channelId: string): boolean {
  return (
    db.prepare('DELETE FROM digest_subscriptions WHERE platform = ? AND channel_id = ?').run(platform, channelId)
      .changes > 0
  );
}

export function listSubscriptions(db: Db): Subscription[] {
  return db.prepare(`${SELECT} ORDER BY id`).all() as Subscription[];
}

/**
 * Claims the digest of (subscription, local date) for posting. One transaction: two schedulers
 * (or two ticks) racing for the same digest see exactly one `true`. A claim whose holder died
 * before posting (no posted_ms after `staleMs`) may be taken over.
 */
export function claimDigest(
  db: Db,
  subscriptionId: number,
  localDate: string,
  nowMs: number,
  late: boolean,
  staleMs = 10 * 60_000,
): boolean {
  return db
    .transaction((): boolean => {
      const r = db
        .prepare(
          'INSERT OR IGNORE INTO digest_posts (subscription_id, local_date, claimed_ms, late) VALUES (?, ?, ?, ?)',
        )
        .run(subscriptionId, localDate, nowMs, late ? 1 : 0);
      if (r.changes === 1) return true;
      return (
        db
          .prepare(
            'UPDATE digest_posts SET claimed_ms = ?, late = ? WHERE subscription_id = ? AND local_date = ? AND posted_ms IS NULL AND claimed_ms < ?',
          )
          .run(nowMs, late ? 1 : 0, subscriptionId, localDate, nowMs - staleMs).changes === 1
      );
    })
    .immediate();
}

/** Records the post and moves the subscription's last posted date forward. */
export function markPosted(
  db: Db,
  subscriptionId: number,
  localDate: string,
  messageId: string,
  postedMs: number,
): void {
  db.transaction(() => {
    db.prepare(
      'UPDATE digest_posts SET posted_ms = ?, message_id = ?, error = NULL WHERE subscription_id = ? AND local_date = ?',
    ).run(postedMs, messageId, subscriptionId, localDate);
    db.prepare(
      'UPDATE digest_subscriptions SET last_date = ? WHERE id = ? AND (last_date IS NULL OR last_date < ?)',
    ).run(localDate, subscriptionId, localDate);
  })();
}

/** A post that failed gives its claim back, so a later tick tries again. */
export function releaseClaim(db: Db, subscriptionId: number, localDate: string): void {
  db.prepare('DELETE FROM digest_posts WHERE subscription_id = ? AND local_date = ? AND posted_ms IS NULL').run(
    subscriptionId,
    localDate,
  );
}

export function postsOf(db: Db, subscriptionId: number, limit = 10): DigestPost[] {
  return (
    db
      .prepare(
        `SELECT local_date AS localDate, claimed_ms AS claimedMs, posted_ms AS postedMs, late, message_id AS messageId, error
         FROM digest_posts WHERE subscription_id = ? ORDER BY local_date DESC LIMIT ?`,
      )
      .all(subscriptionId, limit) as Array<Omit<DigestPost, 'late'> & { late: number }>
  ).map((p) => ({ ...p, late: p.late === 1 }));
}
