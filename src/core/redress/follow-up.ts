import type { Ctx } from '../../context.js';
import { isChatPlatform } from '../../adapters/platforms.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import type { RedressRow } from '../../store/redress.js';
import { isBusy } from '../../store/write-lock.js';
import { dbOp } from '../../workers/ops.js';
import { PendingMarks } from '../pending-marks.js';
import { CHECK_DAYS, type CheckResult } from './measure.js';

/** The follow-up message: before and after per route, and what happens next. */
export function followUpReply(r: RedressRow, x: CheckResult, escalationId: number | null): Reply {
  const state = x.recovered === null ? 'too few calls to tell' : x.recovered ? 'recovered' : 'still blocked';
  const last = x.afterDays === CHECK_DAYS.at(-1);
  const next = last
    ? x.recovered === false
      ? `Not lifted after ${x.afterDays} days: escalated to expert review${escalationId ? ` (#${escalationId})` : ''} with the request and these checks.`
      : 'This was the last check.'
    : `Next check: day ${CHECK_DAYS.find((d) => d > x.afterDays)}.`;
  return {
    title: `Redress #${r.id} (${r.engine}) for ${r.number}, day ${x.afterDays}: ${state}`,
    tone: x.recovered ? 'ok' : x.recovered === null ? 'info' : 'bad',
    blocks: [
      { kind: 'text', text: `${x.summary}\n${next}` },
      {
        kind: 'table',
        heading: 'Refused, week before vs last 3 days',
        columns: ['route', 'before', 'after'],
        align: ['left', 'right', 'right'],
        rows: x.routes.map((t) => [
          t.route,
          `${t.before.blocked}/${t.before.calls}`,
          `${t.after.blocked}/${t.after.calls}`,
        ]),
      },
    ],
    buttons: [{ label: 'Number health', action: 'number.show', value: r.number }],
  };
}

/**
 * After a request is marked submitted: at 3, 7 and 14 days, compares the number's refusal rate
 * per route before and after and posts it where the request was made (its thread: the first
 * follow-up opens one when the request had none). Not lifted by day 14: an escalation to expert
 * review carrying the whole history. Each check is claimed in SQLite before it is posted, so a
 * restart or a second process never measures or posts it twice; a failed post is retried.
 * Its database work is operations of src/workers/ops.ts: in `serve` the measures and the
 * escalation run in a command thread, the rest in the quick thread; the event loop only posts.
 */
export class RedressFollowUp {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** The pass in flight, which stop() lets finish (its operations need the database threads). */
  private inFlight: Promise<number> | undefined;
  private readonly marks = new PendingMarks();

  constructor(
    private readonly ctx: Ctx,
    private readonly posters: Poster[],
    private readonly intervalMs = 10 * 60_000,
  ) {}

  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    const pass = (async (): Promise<number> => {
      await this.marks.flush();
      await this.measureDue();
      return this.postPending();
    })();
    this.inFlight = pass;
    try {
      return await pass;
    } finally {
      this.running = false;
      this.inFlight = undefined;
    }
  }

  private async measureDue(): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock.now().getTime();
    for (const { request: r, days } of await dbOp(ctx, 'dueRedressChecks', now)) {
      for (const d of days) {
        const result = await dbOp(ctx, 'measureRedress', r, d, now);
        if (!result) continue;
        ctx.log.info({ redress: r.id, afterDays: d, recovered: result.recovered }, 'redress checked');
        // The check is claimed: an escalation that cannot be made now is made on a later tick.
        if (d === CHECK_DAYS.at(-1) && result.recovered === false && r.escalationId === null)
          await this.marks.write(async () => {
            const escalation = await dbOp(ctx, 'escalateRedress', r, now, ctx.config);
            ctx.log.info({ redress: r.id, escalation }, 'redress not lifted: escalated');
          });
      }
    }
  }

  private async postPending(): Promise<number> {
    const { ctx } = this;
    let posted = 0;
    for (const c of await dbOp(ctx, 'unpostedRedressChecks')) {
      const r = await dbOp(ctx, 'getRedress', c.requestId);
      const now = ctx.clock.now().getTime();
      if (!r) continue;
      const platform = r.platform;
      const poster =
        platform && isChatPlatform(platform) ? this.posters.find((p) => p.platform === platform) : undefined;
      if (!poster || !r.channelId || !platform || !isChatPlatform(platform)) {
        // Prepared from the CLI (or the platform is not running): the result is kept, shown by `number` and `redress list`.
        if (!platform || !isChatPlatform(platform)) await dbOp(ctx, 'markRedressCheckPosted', r.id, c.afterDays, now);
        continue;
      }
      const target: ChannelRef = { platform, channelId: r.channelId, ...(r.threadId ? { threadId: r.threadId } : {}) };
      let ref: PostedRef | null = null;
      try {
        ref = await poster.post(target, followUpReply(r, JSON.parse(c.resultJson) as CheckResult, r.escalationId));
      } catch (err) {
        ctx.log.warn({ err, redress: r.id, afterDays: c.afterDays }, 'redress follow-up not posted; retried next tick');
      }
      if (!ref) continue;
      posted++;
      // The follow-up is out: if the database is busy now, it is recorded on a later tick, never posted twice.
      const { messageId } = ref;
      const at = ctx.clock.now().getTime();
      await this.marks
        .write(async () => {
          if (!r.threadId) await dbOp(ctx, 'setRedressThread', r.id, messageId);
          await dbOp(ctx, 'markRedressCheckPosted', r.id, c.afterDays, at);
        })
        .catch((err: unknown) =>
          ctx.log.warn({ err, redress: r.id, afterDays: c.afterDays }, 'redress follow-up posted; recorded next tick'),
        );
    }
    return posted;
  }

  start(): void {
    if (this.timer) return;
    const run = (): void => {
      this.tick().catch((err: unknown) => {
        // Another process holding the write lock (a bulk ingest) only delays the checks to the next tick.
        if (isBusy(err)) this.ctx.log.warn({ err }, 'redress follow-up: database busy, next tick retries');
        else this.ctx.log.error({ err }, 'redress follow-up failed');
      });
    };
    run();
    this.timer = setInterval(run, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }
}
