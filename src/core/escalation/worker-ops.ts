import type { Ctx } from '../../context.js';
import type { Db } from '../../store/db.js';
import {
  dueReminders,
  getEscalation,
  getEvent,
  listEvents,
  listPosts,
  markReminded,
  type EscalationEvent,
  type EscalationRow,
  type PostRef,
} from '../../store/escalations.js';
import { enqueueReminder, type ChatPayload } from './notify.js';

/**
 * The EscalationWorker's database work, as operations of src/workers/ops.ts: in `serve` they run
 * in a database thread, so a reminder pass or a render's reads never hold the event loop.
 */

/**
 * Reminds every open escalation whose interval has passed: each reminder is counted and its
 * outbox rows enqueued in one transaction, so it is posted once however many ticks race.
 */
export function remindDue(ctx: Ctx): number {
  const now = ctx.clock.now().getTime();
  const interval = ctx.config.escalation.remindMinutes * 60_000;
  let n = 0;
  for (const e of dueReminders(ctx.db, now, interval)) {
    // Once per interval: after a long downtime, one reminder for the interval we are in, not a burst.
    const due = Math.floor((now - e.createdMs) / interval);
    if (markReminded(ctx.db, e.id, e.remindersSent, due, now, () => enqueueReminder(ctx, e, due))) n++;
  }
  return n;
}

/** What rendering one chat delivery needs, read in one go (the render itself runs on the event loop). */
export interface ChatRows {
  escalation: EscalationRow;
  /** The escalation's events, for the full post. */
  events: EscalationEvent[];
  /** The event a status notice is about. */
  event: EscalationEvent | null;
  /** Where the escalation was posted, for in-place updates. */
  posts: PostRef[];
}

/** Null when the escalation is gone. */
export function chatRows(db: Db, p: ChatPayload): ChatRows | null {
  const escalation = getEscalation(db, p.escalationId);
  if (!escalation) return null;
  return {
    escalation,
    events: p.render === 'escalation' ? listEvents(db, escalation.id) : [],
    event: p.render === 'notice' ? (getEvent(db, p.eventId) ?? null) : null,
    posts: listPosts(db, escalation.id),
  };
}
