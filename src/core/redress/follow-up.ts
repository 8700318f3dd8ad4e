import type { Ctx } from '../../context.js';
import { isChatPlatform } from '../../adapters/platforms.js';
import type { ChannelRef, Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import { createEscalationOnce } from '../../store/escalations.js';
import {
  claimCheck,
  getRedress,
  listChecks,
  markCheckPosted,
  setRedressEscalation,
  setRedressThread,
  submittedRedress,
  unpostedChecks,
  type RedressRow,
} from '../../store/redress.js';
import { defaultThresholds } from '../analysis/thresholds.js';
import { buildBundle } from '../escalation/bundle.js';
import { enqueueCreated } from '../escalation/notify.js';
import { CHECK_DAYS, measure, type CheckResult } from './measure.js';

const DAY = 86_400_000;
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function history(r: RedressRow, results: CheckResult[]): string {
  return [
    `Redress #${r.id} for ${r.number} to ${r.engine}, prepared ${date(r.createdMs)}, submitted ${r.submittedMs ? date(r.submittedMs) : '?'}${r.reference ? `, ref ${r.reference}` : ''}.`,
    ...results.map((x) => x.summary),
  ].join('\n');
}

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
 */
export class RedressFollowUp {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly posters: Poster[],
    private readonly intervalMs = 10 * 60_000,
  ) {}

  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      this.measureDue();
      return await this.postPending();
    } finally {
      this.running = false;
    }
  }

  private measureDue(): void {
    const { ctx } = this;
    const now = ctx.clock.now().getTime();
    const th = defaultThresholds();
    for (const r of submittedRedress(ctx.db, now - CHECK_DAYS[0] * DAY)) {
      if (r.status === 'rejected') continue;
      const done = new Set(listChecks(ctx.db, r.id).map((c) => c.afterDays));
      for (const d of CHECK_DAYS) {
        if (done.has(d) || now < r.submittedMs! + d * DAY) continue;
        const result = measure(ctx.db, r, d, th);
        if (!claimCheck(ctx.db, r.id, d, JSON.stringify(result), now)) continue;
        ctx.log.info({ redress: r.id, afterDays: d, recovered: result.recovered }, 'redress checked');
        if (d === CHECK_DAYS.at(-1) && result.recovered === false && r.escalationId === null) this.escalate(r);
      }
    }
  }

  private escalate(r: RedressRow): void {
    const { ctx } = this;
    const now = ctx.clock.now();
    const results = listChecks(ctx.db, r.id).map((c) => JSON.parse(c.resultJson) as CheckResult);
    const note = history(r, results);
    const platform = r.platform ?? 'cli';
    const { row } = createEscalationOnce(
      ctx.db,
      {
        subject: r.number,
        urgency: 'high',
        note,
        contact: null,
        requesterPlatform: platform,
        requesterId: 'sipbot',
        requesterName: 'sipbot (redress follow-up)',
        channelId: r.channelId ?? '',
        threadId: r.threadId,
        teamId: null,
        walkthroughId: null,
      },
      now.getTime(),
      0,
      (id) =>
        JSON.stringify(
          buildBundle(
            ctx,
            {
              id,
              subject: r.number,
              urgency: 'high',
              note,
              contact: null,
              requested_by: 'sipbot',
              where: `redress #${r.id}`,
              created_at: now.toISOString(),
            },
            null,
          ),
        ),
      (e, eventId) => enqueueCreated(ctx, e, eventId),
      `redress-${r.id}`,
    );
    setRedressEscalation(ctx.db, r.id, row.id);
    ctx.log.info({ redress: r.id, escalation: row.id }, 'redress not lifted: escalated');
  }

  private async postPending(): Promise<number> {
    const { ctx } = this;
    let posted = 0;
    for (const c of unpostedChecks(ctx.db)) {
      const r = getRedress(ctx.db, c.requestId);
      const now = ctx.clock.now().getTime();
      if (!r) continue;
      const platform = r.platform;
      const poster =
        platform && isChatPlatform(platform) ? this.posters.find((p) => p.platform === platform) : undefined;
      if (!poster || !r.channelId || !platform || !isChatPlatform(platform)) {
        // Prepared from the CLI (or the platform is not running): the result is kept, shown by `number` and `redress list`.
        if (!platform || !isChatPlatform(platform)) markCheckPosted(ctx.db, r.id, c.afterDays, now);
        continue;
      }
      const target: ChannelRef = { platform, channelId: r.channelId, ...(r.threadId ? { threadId: r.threadId } : {}) };
      try {
        const ref = await poster.post(
          target,
          followUpReply(r, JSON.parse(c.resultJson) as CheckResult, r.escalationId),
        );
        if (!r.threadId) setRedressThread(ctx.db, r.id, ref.messageId);
        markCheckPosted(ctx.db, r.id, c.afterDays, ctx.clock.now().getTime());
        posted++;
      } catch (err) {
        ctx.log.warn({ err, redress: r.id, afterDays: c.afterDays }, 'redress follow-up not posted; retried next tick');
      }
    }
    return posted;
  }

  start(): void {
    if (this.timer) return;
    const run = (): void => {
      this.tick().catch((err: unknown) => this.ctx.log.error({ err }, 'redress follow-up failed'));
    };
    run();
    this.timer = setInterval(run, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
