import type { Ctx } from '../../context.js';
import { parseChannelRef, type Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import { ESCALATION_KINDS, type OutboxRow } from '../../store/outbox.js';
import { isBusy } from '../../store/write-lock.js';
import { dbOp } from '../../workers/ops.js';
import { expertGroups, type GroupMembersResolver } from './experts.js';
import type { ChatPayload } from './notify.js';
import { PendingMarks } from '../pending-marks.js';
import { renderEscalation, renderReminder, renderStatusNotice } from './render.js';
import type { ChatRows } from './worker-ops.js';
import { backoffMs, postWebhook } from './webhook.js';

export interface WorkerOptions {
  /** How often start() ticks. Default 5 s. */
  intervalMs?: number;
  /** User-group members, supplied by the chat platforms (Slack user groups). */
  groupMembers?: GroupMembersResolver;
  groupRefreshMs?: number;
  fetch?: typeof fetch;
  /** Attempts before a delivery is given up. Default 12 (about 17 h of back-off). */
  maxAttempts?: number;
  baseBackoffMs?: number;
}

export interface TickReport {
  expired: number;
  reminded: number;
  sent: number;
  retried: number;
  failed: number;
}

/**
 * The escalations' background work, driven by the composition root on a timer (or by tests,
 * tick by tick with a ManualClock): expire stale walkthroughs, remind unacknowledged
 * escalations once per interval, refresh expert groups, and drain the outbox (chat posts,
 * in-place updates, signed webhooks) with exponential back-off. Everything it sends is in
 * SQLite first, so a restart resumes where it stopped. Its reads and writes are operations of
 * src/workers/ops.ts: in `serve` they run in a database thread, and the event loop only renders
 * and sends.
 */
export class EscalationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickReport> | undefined;
  private groupsRefreshedMs = -Infinity;
  private readonly marks = new PendingMarks();

  constructor(
    private readonly ctx: Ctx,
    private readonly posters: readonly Poster[],
    private readonly opts: WorkerOptions = {},
  ) {}

  start(): void {
    if (this.timer) return;
    const run = (): void => {
      this.tick().catch((e: unknown) => {
        // Another process holding the write lock (a bulk ingest) only delays the pass to the next tick.
        if (isBusy(e)) this.ctx.log.warn({ err: e }, 'escalation worker: database busy, next tick retries');
        else this.ctx.log.error({ err: e }, 'escalation worker tick failed');
      });
    };
    run();
    this.timer = setInterval(run, this.opts.intervalMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass. Overlapping calls share the pass in flight. */
  tick(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const { ctx } = this;
    const now = ctx.clock.now().getTime();
    await this.marks.flush();
    const report: TickReport = {
      expired: await dbOp(ctx, 'expireWalkthroughs', now),
      reminded: await dbOp(ctx, 'remindEscalations', now, ctx.config),
      sent: 0,
      retried: 0,
      failed: 0,
    };
    await this.refreshGroups(now);
    for (const row of await dbOp(ctx, 'claimOutbox', now, 60_000, 50, ESCALATION_KINDS)) {
      const outcome = await this.deliver(row);
      report[outcome]++;
    }
    return report;
  }

  private async refreshGroups(now: number): Promise<void> {
    const resolve = this.opts.groupMembers;
    if (!resolve || now - this.groupsRefreshedMs < (this.opts.groupRefreshMs ?? 600_000)) return;
    this.groupsRefreshedMs = now;
    for (const g of expertGroups(this.ctx)) {
      try {
        const members = await resolve(g);
        if (members) await dbOp(this.ctx, 'replaceGroupMembers', g, members, now);
      } catch (e) {
        this.ctx.log.warn({ err: e, group: g }, 'could not refresh expert group members');
      }
    }
  }

  private render(p: ChatPayload, rows: ChatRows): Reply | null {
    const e = rows.escalation;
    if (p.render === 'escalation') return renderEscalation(e, rows.events);
    if (p.render === 'reminder') return renderReminder(e, p.n, this.ctx.config.escalation.remindMinutes);
    return rows.event ? renderStatusNotice(e, rows.event) : null;
  }

  private async deliver(row: OutboxRow): Promise<'sent' | 'retried' | 'failed'> {
    const { ctx } = this;
    const log = ctx.log.child({ outbox: row.id, event: row.eventKey, kind: row.kind });
    let result: { ok: boolean; permanent: boolean; detail: string };
    try {
      result = row.kind === 'webhook' ? await this.sendWebhook(row) : await this.sendChat(row);
    } catch (e) {
      result = { ok: false, permanent: false, detail: (e as Error).message || String(e) };
    }
    const now = ctx.clock.now().getTime();
    if (result.ok) {
      await this.marks.write(() => dbOp(ctx, 'markOutboxSent', row.id, now));
      log.info('delivered');
      return 'sent';
    }
    if (result.permanent || row.attempts + 1 >= (this.opts.maxAttempts ?? 12)) {
      await this.marks.write(() => dbOp(ctx, 'markOutboxFailed', row.id, now, result.detail));
      log.warn({ detail: result.detail, attempts: row.attempts + 1 }, 'delivery given up');
      return 'failed';
    }
    const next = now + backoffMs(row.attempts, this.opts.baseBackoffMs);
    await this.marks.write(() => dbOp(ctx, 'markOutboxRetry', row.id, next, result.detail));
    log.warn(
      { detail: result.detail, attempts: row.attempts + 1, nextAttempt: new Date(next).toISOString() },
      'delivery failed; will retry',
    );
    return 'retried';
  }

  private async sendWebhook(row: OutboxRow): Promise<{ ok: boolean; permanent: boolean; detail: string }> {
    return postWebhook(
      row.target,
      this.ctx.config.escalation.webhookSecret,
      row.eventKey,
      row.payload,
      this.ctx.clock.now().getTime(),
      this.opts.fetch,
    );
  }

  private async sendChat(row: OutboxRow): Promise<{ ok: boolean; permanent: boolean; detail: string }> {
    const ref = parseChannelRef(row.target);
    if (!ref) return { ok: false, permanent: true, detail: `bad target ${row.target}` };
    const poster = this.posters.find((p) => p.platform === ref.platform);
    // Not connected (yet): keep it for a process that is, within the attempt limit.
    if (!poster) return { ok: false, permanent: false, detail: `no ${ref.platform} connection in this process` };
    const payload = JSON.parse(row.payload) as ChatPayload;
    const rows = await dbOp(this.ctx, 'escalationChatRows', payload);
    const reply = rows && this.render(payload, rows);
    if (!rows || !reply) return { ok: false, permanent: true, detail: 'escalation or event no longer exists' };
    if (row.kind === 'chat.update') {
      const post = rows.posts.find((p) => p.platform === ref.platform && p.channelId === ref.channelId);
      if (!post) return { ok: false, permanent: true, detail: 'no message to update' };
      await poster.update({ platform: ref.platform, channelId: ref.channelId, messageId: post.messageId }, reply);
      return { ok: true, permanent: false, detail: 'updated' };
    }
    const posted = await poster.post(ref, reply);
    const saved = { platform: posted.platform, channelId: posted.channelId, messageId: posted.messageId };
    // The message is out: a busy database must not make it a failed delivery (posted again), so
    // its id is kept and written with the marks.
    if (payload.render === 'escalation')
      await this.marks
        .write(() => dbOp(this.ctx, 'saveEscalationPost', payload.escalationId, saved))
        .catch(() => undefined);
    return { ok: true, permanent: false, detail: `posted ${posted.messageId}` };
  }
}
