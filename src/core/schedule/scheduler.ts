import type { Ctx } from '../../context.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import { isBusy } from '../../store/write-lock.js';
import type { Subscription } from '../../store/subscriptions.js';
import { dbOp } from '../../workers/ops.js';
import { PendingMarks } from '../pending-marks.js';
import { buildDigest, type DigestOptions } from '../digest/build-digest.js';
import { localDate, previousDate } from '../digest/day-window.js';
import { dueInstant } from './due.js';

export interface PostedDigest {
  subscriptionId: number;
  /** The local date the post belongs to (its morning); the digest covers the day before. */
  localDate: string;
  digestDate: string;
  late: boolean;
  messageId: string;
}

export interface SchedulerOptions {
  /** How often start() ticks. Default 30 s. */
  intervalMs?: number;
  /** A post this long after its time is marked late. Default 15 min. */
  lateAfterMs?: number;
  /** After a failed post, wait this long before trying that subscription again. Default 5 min. */
  retryAfterMs?: number;
}

/**
 * Posts each subscription's digest once per local day at its local time. State lives in SQLite
 * (digest_posts, claimed in a transaction), so restarts, two processes and DST changes never post
 * twice; after downtime the most recent missed digest is posted once, marked late. Its reads and
 * claims are operations of src/workers/ops.ts and the digest is built by DbWorkers.run: in
 * `serve` both run in database threads, and the event loop only posts.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** The pass in flight, which stop() lets finish (its operations need the database threads). */
  private inFlight: Promise<PostedDigest[]> | undefined;
  private readonly retryAt = new Map<number, number>();
  private readonly marks = new PendingMarks();
  private readonly o: Required<SchedulerOptions>;

  constructor(
    private readonly ctx: Ctx,
    private readonly posters: Poster[],
    opts: SchedulerOptions = {},
  ) {
    this.o = {
      intervalMs: opts.intervalMs ?? 30_000,
      lateAfterMs: opts.lateAfterMs ?? 15 * 60_000,
      retryAfterMs: opts.retryAfterMs ?? 5 * 60_000,
    };
  }

  /** Which post (local date) is due now for a subscription, if any. */
  due(sub: Subscription, now: number): { localDate: string; late: boolean } | null {
    const today = localDate(new Date(now), sub.timeZone);
    const todayDue = dueInstant(today, sub.localTime, sub.timeZone);
    const target = now >= todayDue ? today : previousDate(today);
    const at = target === today ? todayDue : dueInstant(target, sub.localTime, sub.timeZone);
    if (at < sub.createdMs) return null; // subscribed after that post's time: the first post is the next one
    if (sub.lastDate !== null && sub.lastDate >= target) return null;
    return { localDate: target, late: now - at > this.o.lateAfterMs };
  }

  /** One pass over the subscriptions; resolves to what it posted. */
  async tick(): Promise<PostedDigest[]> {
    if (this.running) return [];
    this.running = true;
    const pass = this.pass();
    this.inFlight = pass;
    try {
      return await pass;
    } finally {
      this.running = false;
      this.inFlight = undefined;
    }
  }

  private async pass(): Promise<PostedDigest[]> {
    const posted: PostedDigest[] = [];
    await this.marks.flush();
    for (const sub of await dbOp(this.ctx, 'listSubscriptions')) {
      const p = await this.runOne(sub).catch((e: unknown) => {
        if (isBusy(e)) this.ctx.log.warn({ err: e, subscription: sub.id }, 'digest: database busy, retried later');
        else this.ctx.log.error({ err: e, subscription: sub.id }, 'digest post failed');
        return null;
      });
      if (p) posted.push(p);
    }
    return posted;
  }

  private async runOne(sub: Subscription): Promise<PostedDigest | null> {
    const now = this.ctx.clock.now().getTime();
    if ((this.retryAt.get(sub.id) ?? 0) > now) return null;
    const due = this.due(sub, now);
    if (!due) return null;
    const poster = this.posters.find((p) => p.platform === sub.platform);
    if (!poster) {
      this.ctx.log.warn(
        { subscription: sub.id, platform: sub.platform },
        'no poster for this platform; digest not posted',
      );
      return null;
    }
    if (!(await dbOp(this.ctx, 'claimDigest', sub.id, due.localDate, now, due.late))) return null;
    const digestDate = previousDate(due.localDate);
    const log = this.ctx.log.child({ subscription: sub.id, date: digestDate, late: due.late });
    let ref: PostedRef;
    try {
      const options: DigestOptions = {
        date: digestDate,
        timeZone: sub.timeZone,
        late: due.late,
        ...(sub.filterKind === 'route' && sub.filterValue ? { route: sub.filterValue } : {}),
        ...(sub.filterKind === 'number' && sub.filterValue ? { number: sub.filterValue } : {}),
      };
      // In `serve` the analysis and the chart (seconds on a big day) run in a database thread.
      const workers = this.ctx.workers;
      const reply = workers
        ? await workers.run(
            { kind: 'digest', options },
            { platform: sub.platform, userId: 'scheduler', channelId: sub.channelId },
            now,
          )
        : buildDigest(this.ctx.db, options).reply;
      const target: ChannelRef = {
        platform: sub.platform,
        channelId: sub.channelId,
        ...(sub.threadId ? { threadId: sub.threadId } : {}),
      };
      ref = await poster.post(target, reply);
    } catch (e) {
      this.retryAt.set(sub.id, now + this.o.retryAfterMs);
      // A claim that cannot be given back now (the database busy) is taken over once it is stale.
      await dbOp(this.ctx, 'releaseDigestClaim', sub.id, due.localDate).catch((err: unknown) =>
        log.warn({ err }, 'digest claim not released; it is taken over after 10 minutes'),
      );
      throw e;
    }
    this.retryAt.delete(sub.id);
    // The digest is out: if the database is busy now, it is recorded on a later tick (the claim
    // holds it meanwhile), never posted twice.
    const { messageId } = ref;
    const postedMs = this.ctx.clock.now().getTime();
    await this.marks
      .write(() => dbOp(this.ctx, 'markDigestPosted', sub.id, due.localDate, messageId, postedMs))
      .catch((err: unknown) => log.warn({ err }, 'digest posted; recorded on the next tick'));
    log.info({ messageId }, 'digest posted');
    return { subscriptionId: sub.id, localDate: due.localDate, digestDate, late: due.late, messageId };
  }

  start(): void {
    if (this.timer) return;
    const run = (): void => {
      // The subscriptions could not be read (a database thread restarting): the next tick retries.
      this.tick().catch((err: unknown) =>
        this.ctx.log.warn({ err }, 'digest scheduler tick failed; next tick retries'),
      );
    };
    run();
    this.timer = setInterval(run, this.o.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }
}
