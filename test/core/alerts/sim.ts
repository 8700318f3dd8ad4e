import { AlertDelivery } from '../../../src/core/alerts/deliver.js';
import { runAlertTick, type TickResult } from '../../../src/core/alerts/tick.js';
import { defaultThresholds } from '../../../src/core/analysis/thresholds.js';
import type { Ctx } from '../../../src/context.js';
import type { ManualClock } from '../../../src/clock.js';
import { upsertAlertSubscription } from '../../../src/store/alert-subscriptions.js';
import { insertCalls } from '../../../src/store/calls.js';
import { testCtx } from '../../helpers/ctx.js';
import { TrafficGenerator, type TrafficOptions } from '../../generators/alert-traffic.js';
import { RecordingPoster } from '../escalation/recording-poster.js';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** The simulated days start here; the scenarios' onsets are at 11:00 UTC. */
export const START = Date.parse('2026-11-21T10:00:00Z');
export const ONSET = Date.parse('2026-11-21T11:00:00Z');

export interface Change {
  alertId: number;
  event: string;
  atMs: number;
}

/**
 * A ManualClock simulation: each simulated minute stores that minute's calls, moves the clock to
 * 5 s after the minute, runs one evaluation tick and the deliveries to a recording chat channel.
 */
export class Sim {
  readonly ctx: Ctx & { clock: ManualClock };
  readonly poster = new RecordingPoster('slack');
  delivery: AlertDelivery;
  readonly changes: Change[] = [];
  readonly ticks: TickResult[] = [];
  private readonly gen: TrafficGenerator;
  /** When each post went out (clock time). */
  readonly postedAt: number[] = [];
  minuteMs = START;

  constructor(
    traffic: TrafficOptions,
    opts: { env?: Record<string, string>; historyDays?: number; ctx?: Ctx & { clock: ManualClock } } = {},
  ) {
    this.ctx =
      opts.ctx ??
      testCtx({ now: new Date(START).toISOString(), env: { SIPBOT_ALERT_BASELINE_DAYS: '2', ...opts.env } });
    this.gen = new TrafficGenerator(traffic);
    this.delivery = new AlertDelivery(this.ctx, [this.poster], { waitForPostMs: 1000 });
    if (!opts.ctx) {
      upsertAlertSubscription(this.ctx.db, {
        platform: 'slack',
        channelId: 'C-ALERTS',
        filterKind: null,
        filterValue: null,
        quietFrom: null,
        quietTo: null,
        timeZone: 'UTC',
        createdBy: 'U1',
        createdMs: START - DAY,
      });
      // The same hours on previous days, with the same background and no incident: the baseline.
      const days = opts.historyDays ?? 2;
      const history = new TrafficGenerator({ ...traffic, seed: (traffic.seed ?? 7) + 1000, outcome: undefined });
      for (let d = 1; d <= days; d++)
        history.fill(this.ctx.db, START - d * DAY - 60 * MINUTE, START - d * DAY + 4 * 60 * MINUTE);
    }
  }

  /** Runs minute by minute until `endMs`. */
  async runUntil(endMs: number): Promise<void> {
    for (; this.minuteMs < endMs; this.minuteMs += MINUTE) {
      insertCalls(this.ctx.db, this.gen.minute(this.minuteMs));
      this.ctx.clock.set(new Date(this.minuteMs + MINUTE + 5000));
      await this.tick();
    }
  }

  async tick(): Promise<TickResult> {
    const r = runAlertTick(this.ctx.db, this.ctx.config.alerts, defaultThresholds(), this.ctx.clock.now().getTime());
    this.ticks.push(r);
    this.changes.push(...r.changes);
    const before = this.poster.posts.length;
    await this.delivery.tick();
    for (let i = before; i < this.poster.posts.length; i++) this.postedAt.push(this.ctx.clock.now().getTime());
    return r;
  }

  fired(): Change[] {
    return this.changes.filter((c) => c.event === 'fired');
  }
}
