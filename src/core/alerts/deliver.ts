import type { Ctx } from '../../context.js';
import { parseChannelRef, type Poster } from '../../post.js';
import { ALERT_KINDS, type OutboxRow } from '../../store/outbox.js';
import { dbOp } from '../../workers/ops.js';
import { PendingMarks } from '../pending-marks.js';
import { backoffMs } from '../escalation/webhook.js';
import type { AlertPayload } from './notify.js';
import { pagerDutyEvent, sendPagerDuty, type SendResult } from './pagerduty.js';
import { renderAlert, renderAlertEvent } from './render.js';

export interface DeliveryOptions {
  fetch?: typeof fetch;
  /** Attempts before a delivery is given up. Default 12 (about 17 h of back-off). */
  maxAttempts?: number;
  baseBackoffMs?: number;
  /** How long an edit or thread reply waits for its message to be posted first. Default 5 s. */
  waitForPostMs?: number;
}

/**
 * Sends the alerts' outbox rows: first posts (saving the message id), edits in place, thread
 * replies, PagerDuty events. Runs on the event loop (it only renders and waits on the network; its
 * reads and writes are operations of src/workers/ops.ts, in a database thread in `serve`); what
 * to send was decided and stored by the evaluation, so a restart resumes where it stopped.
 */
export class AlertDelivery {
  private running: Promise<number> | undefined;
  private readonly marks = new PendingMarks();

  constructor(
    private readonly ctx: Ctx,
    private readonly posters: readonly Poster[],
    private readonly opts: DeliveryOptions = {},
  ) {}

  /** Sends what is due; overlapping calls share the pass in flight. Resolves to the rows sent. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    let sent = 0;
    await this.marks.flush();
    for (const row of await dbOp(this.ctx, 'claimOutbox', this.ctx.clock.now().getTime(), 60_000, 50, ALERT_KINDS)) {
      if (await this.deliver(row)) sent++;
    }
    return sent;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const { ctx } = this;
    const log = ctx.log.child({ outbox: row.id, event: row.eventKey, kind: row.kind });
    let r: SendResult | 'wait';
    try {
      r = await this.send(row);
    } catch (e) {
      r = { ok: false, permanent: false, detail: (e as Error).message || String(e) };
    }
    const now = ctx.clock.now().getTime();
    if (r === 'wait') {
      const at = now + (this.opts.waitForPostMs ?? 5000);
      await this.marks.write(() => dbOp(ctx, 'postponeOutbox', row.id, at, 'waiting for the first post'));
      return false;
    }
    if (r.ok) {
      await this.marks.write(() => dbOp(ctx, 'markOutboxSent', row.id, now));
      return true;
    }
    if (r.permanent || row.attempts + 1 >= (this.opts.maxAttempts ?? 12)) {
      await this.marks.write(() => dbOp(ctx, 'markOutboxFailed', row.id, now, r.detail));
      log.warn({ detail: r.detail, attempts: row.attempts + 1 }, 'alert delivery given up');
      return false;
    }
    const next = now + backoffMs(row.attempts, this.opts.baseBackoffMs);
    await this.marks.write(() => dbOp(ctx, 'markOutboxRetry', row.id, next, r.detail));
    log.warn({ detail: r.detail, attempts: row.attempts + 1 }, 'alert delivery failed; will retry');
    return false;
  }

  private async send(row: OutboxRow): Promise<SendResult | 'wait'> {
    const { ctx } = this;
    const p = JSON.parse(row.payload) as AlertPayload;
    const a = await dbOp(ctx, 'getAlert', p.alertId);
    if (!a) return { ok: false, permanent: true, detail: 'alert no longer exists' };
    const now = ctx.clock.now().getTime();
    if (row.kind === 'pagerduty') {
      const key = ctx.config.alerts.routingKey;
      if (!key) return { ok: false, permanent: true, detail: 'SIPBOT_ALERT_ROUTING_KEY is not set' };
      return sendPagerDuty(row.target, pagerDutyEvent(a, p.action ?? 'trigger', key, now), this.opts.fetch);
    }
    const ref = parseChannelRef(row.target);
    if (!ref) return { ok: false, permanent: true, detail: `bad target ${row.target}` };
    const poster = this.posters.find((x) => x.platform === ref.platform);
    if (!poster) return { ok: false, permanent: false, detail: `no ${ref.platform} connection in this process` };
    const tz = ctx.config.timeZone;
    if (row.kind === 'alert.post') {
      const posted = await poster.post(ref, renderAlert(a, tz, now));
      // The message is out: a busy database must not make it a failed delivery (posted again), so
      // its id is kept and written with the marks.
      await this.marks
        .write(() => dbOp(ctx, 'saveAlertMessage', a.id, row.target, posted.messageId))
        .catch(() => undefined);
      return { ok: true, permanent: false, detail: `posted ${posted.messageId}` };
    }
    const messageId = (await dbOp(ctx, 'alertTargets', a.id)).find((t) => t.target === row.target)?.messageId;
    if (!messageId) return 'wait';
    if (row.kind === 'alert.update') {
      await poster.update({ platform: ref.platform, channelId: ref.channelId, messageId }, renderAlert(a, tz, now));
      return { ok: true, permanent: false, detail: 'updated' };
    }
    const e = await dbOp(ctx, 'getAlertEvent', p.eventId);
    if (!e) return { ok: false, permanent: true, detail: 'event no longer exists' };
    await poster.post({ ...ref, threadId: messageId }, renderAlertEvent(a, e, tz));
    return { ok: true, permanent: false, detail: 'replied' };
  }
}
