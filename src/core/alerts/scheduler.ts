import type { Ctx } from '../../context.js';
import type { Poster } from '../../post.js';
import { defaultThresholds } from '../analysis/thresholds.js';
import { AlertDelivery, type DeliveryOptions } from './deliver.js';
import { runAlertTick, type TickResult } from './tick.js';

export interface AlertSchedulerOptions extends DeliveryOptions {
  /** How often the timer looks for a due step and due deliveries. Default 2 s: a button's edit goes out within it. */
  intervalMs?: number;
}

/**
 * `serve`'s alerts: on a timer, one evaluation tick (in a database thread when `serve` has them,
 * else on ctx.db), then the deliveries. Tests drive tick() with a ManualClock instead.
 */
export class AlertScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult | null> | undefined;
  readonly delivery: AlertDelivery;

  constructor(
    private readonly ctx: Ctx,
    posters: readonly Poster[],
    private readonly opts: AlertSchedulerOptions = {},
  ) {
    this.delivery = new AlertDelivery(ctx, posters, opts);
  }

  /** Evaluates what is due, then sends what is due. Overlapping calls share the pass in flight. */
  tick(): Promise<TickResult | null> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Only the deliveries (after a button press, which enqueued its own). */
  deliver(): Promise<number> {
    return this.delivery.tick();
  }

  private async pass(): Promise<TickResult | null> {
    const now = this.ctx.clock.now().getTime();
    let result: TickResult | null = null;
    try {
      result = this.ctx.workers
        ? await this.ctx.workers.alertTick(now)
        : runAlertTick(this.ctx.db, this.ctx.config.alerts, defaultThresholds(), now);
      for (const c of result.changes) this.ctx.log.info({ alert: c.alertId, event: c.event }, 'alert changed');
      if (result.skipped)
        this.ctx.log.warn(
          { skipped: result.skipped },
          'alert steps older than SIPBOT_ALERT_CATCHUP_MINUTES not evaluated',
        );
    } catch (e) {
      // Busy under another writer, or a bug: the next tick evaluates the same steps.
      this.ctx.log.warn({ err: e }, 'alert evaluation failed; the next tick retries');
    }
    await this.delivery.tick().catch((e: unknown) => this.ctx.log.warn({ err: e }, 'alert delivery failed'));
    return result;
  }

  start(): void {
    if (this.timer) return;
    const run = (): void => void this.tick();
    run();
    this.timer = setInterval(run, this.opts.intervalMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
