/**
 * Alerts at scale (issue 14): a history of BENCH_ALERTS_SIZE calls (default 10,000,000, over 30
 * days, cached under .bench/), then 20 simulated minutes with 2,000 calls a minute arriving and a
 * route config push at minute 5. Figures: the first fold of the history into the alert tallies (once
 * per database), each evaluation tick (fold of the new minute + step) inline and in a database thread
 * with the event loop's delay measured meanwhile, and the time from the first refused minute to the
 * alert's post (simulated minutes; the post's own wall time).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { CallRecord } from '../src/core/call.js';
import { AlertDelivery } from '../src/core/alerts/deliver.js';
import { runAlertTick } from '../src/core/alerts/tick.js';
import { defaultThresholds } from '../src/core/analysis/thresholds.js';
import { demoDay } from '../src/core/demo/generate.js';
import { createRng } from '../src/core/demo/rng.js';
import { silentLogger } from '../src/log.js';
import { packageRoot } from '../src/paths.js';
import type { ChannelRef, PostedRef, Poster } from '../src/post.js';
import type { Reply } from '../src/reply.js';
import { upsertAlertSubscription } from '../src/store/alert-subscriptions.js';
import { insertCalls } from '../src/store/calls.js';
import { openDb } from '../src/store/db.js';
import { DbWorkers } from '../src/workers/pool.js';
import { buildHistory, NPAS } from './history.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAYS = 30;
const END = Date.parse('2026-11-21T00:00:00Z');
/** The simulated minutes start at 14:00 UTC on the day after the history (a busy hour). */
const SIM = END + 14 * 3_600_000;
const PER_MINUTE = Number(process.env.BENCH_ALERTS_PER_MINUTE ?? 2000);
const ONSET_MINUTE = 5;
const MINUTES = 20;

function secs(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

/** A history of `total` demo calls over 30 days, loaded by bench/history.ts (as bench/digest.ts does). */
function build(path: string, total: number): void {
  const t0 = performance.now();
  const perDay = Math.round(total / DAYS / 0.886);
  buildHistory(path, {
    end: END,
    days: DAYS,
    day: (d) => demoDay(d, { callsPerDay: perDay, seed: 3, plants: new Set(), source: 'bench' }),
    label: 'generating',
  });
  console.log(`\n  history built in ${secs(t0)} s`);
}

/** 2,000 calls a minute over 40 numbers, the demo's four routes, 21 regions; telco-west refuses everything from the onset. */
function arrivals(minuteMs: number, refusing: boolean, seq: { n: number }): CallRecord[] {
  const rng = createRng(minuteMs / MINUTE);
  const routes = ['telco-east', 'telco-west', 'sipline', 'voxroute'];
  return Array.from({ length: PER_MINUTE }, (_, i) => {
    const route = routes[Math.floor(rng() * routes.length)]!;
    const npa = NPAS[Math.floor(rng() * NPAS.length)]!;
    const code = refusing && route === 'telco-west' ? 403 : rng() < 0.004 ? 403 : rng() < 0.55 ? 200 : 486;
    return {
      source: 'bench-live',
      callId: `live-${++seq.n}`,
      startMs: minuteMs + Math.floor((i * MINUTE) / PER_MINUTE),
      caller: `+1212555${String(1000 + Math.floor(rng() * 40))}`,
      callee: `+1${npa}555${String(1000 + Math.floor(rng() * 9000))}`,
      callerCountry: 'US',
      callerNpa: '212',
      callerState: 'NY',
      calleeCountry: 'US',
      calleeNpa: npa,
      calleeState: null,
      calleeRegion: npa,
      route,
      sipCode: code,
      sipReason: code === 403 ? 'Forbidden' : code === 200 ? 'OK' : 'Busy Here',
      q850Cause: null,
      durationS: code === 200 ? 60 : 0,
      campaign: null,
      attestation: 'A',
      hangupSource: null,
      pddMs: null,
      progressCode: null,
    };
  });
}

class TimedPoster implements Poster {
  readonly platform = 'slack' as const;
  readonly posts: Array<{ reply: Reply; atMs: number }> = [];
  constructor(private readonly clock: ManualClock) {}
  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    this.posts.push({ reply, atMs: this.clock.now().getTime() });
    return { platform: 'slack', channelId: target.channelId, messageId: String(this.posts.length) };
  }
  async update(): Promise<void> {}
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

export async function run(): Promise<void> {
  const size = Number(process.env.BENCH_ALERTS_SIZE ?? 10_000_000);
  const dir = join(packageRoot(), '.bench');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `alerts-history-${size}.db`);
  if (!existsSync(base)) build(base, size);
  // Each run starts from the bare history: the fold and alert state are measured from nothing.
  const path = join(dir, `alerts-run-${size}.db`);
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const { copyFileSync } = await import('node:fs');
  copyFileSync(base, path);

  const config = loadConfig({ SIPBOT_DB: path });
  const clock = new ManualClock(new Date(SIM));
  const db = openDb(path);
  const ctx = { db, clock, log: silentLogger, config };
  const th = defaultThresholds();
  const calls = db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
  console.log(
    `  history: ${calls.toLocaleString('en-US')} calls over ${DAYS} days; then ${PER_MINUTE.toLocaleString('en-US')} calls a minute for ${MINUTES} minutes, telco-west refusing from minute ${ONSET_MINUTE}`,
  );
  upsertAlertSubscription(db, {
    platform: 'slack',
    channelId: 'C-BENCH',
    filterKind: null,
    filterValue: null,
    quietFrom: null,
    quietTo: null,
    timeZone: 'UTC',
    createdBy: 'bench',
    createdMs: SIM - DAY,
  });

  let t0 = performance.now();
  const first = runAlertTick(db, config.alerts, th, SIM - MINUTE);
  console.log(
    `  first fold of the history into the alert tallies (once per database): ${secs(t0)} s for ${first.folded.toLocaleString('en-US')} calls`,
  );

  const poster = new TimedPoster(clock);
  const delivery = new AlertDelivery(ctx, [poster]);
  const workers = await DbWorkers.start({
    dbPath: path,
    config,
    log: silentLogger,
    threads: 1,
    commandLockWaitMs: 10_000,
    writeLockWaitMs: 10_000,
  });
  const inline: number[] = [];
  const threaded: number[] = [];
  const lag: number[] = [];
  const seq = { n: 0 };
  let firedAt: number | null = null;
  try {
    for (let i = 0; i < MINUTES; i++) {
      const minute = SIM + i * MINUTE;
      insertCalls(db, arrivals(minute, i >= ONSET_MINUTE, seq));
      clock.set(new Date(minute + MINUTE + 5000));
      // Even minutes inline (the time the tick itself takes), odd ones in the database thread while
      // the event loop's delay is sampled: what `serve` does.
      if (i % 2 === 0) {
        t0 = performance.now();
        const r = runAlertTick(db, config.alerts, th, clock.now().getTime());
        inline.push(performance.now() - t0);
        if (r.changes.some((c) => c.event === 'fired')) firedAt ??= clock.now().getTime();
      } else {
        const h = monitorEventLoopDelay({ resolution: 1 });
        h.enable();
        t0 = performance.now();
        const r = await workers.alertTick(clock.now().getTime());
        threaded.push(performance.now() - t0);
        h.disable();
        lag.push(h.max / 1e6);
        if (r.changes.some((c) => c.event === 'fired')) firedAt ??= clock.now().getTime();
      }
      await delivery.tick();
    }
  } finally {
    await workers.close();
  }
  const f = (xs: number[]): string =>
    `median ${pct(xs, 0.5).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} ticks)`;
  console.log(`  evaluation tick (fold ${PER_MINUTE} new calls + one step), inline: ${f(inline)}`);
  console.log(
    `  the same in a database thread, round trip: ${f(threaded)}; event loop delay meanwhile: max ${Math.max(...lag).toFixed(1)} ms`,
  );
  const onset = SIM + ONSET_MINUTE * MINUTE;
  const post = poster.posts[0];
  if (post && firedAt !== null) {
    console.log(
      `  first refused minute ${new Date(onset).toISOString().slice(11, 16)} UTC -> fired at the step of ${new Date(Math.floor(firedAt / MINUTE) * MINUTE).toISOString().slice(11, 16)}, posted ${((post.atMs - onset) / MINUTE).toFixed(1)} simulated minutes after the first refused call: ${post.reply.title}`,
    );
  } else {
    console.log('  no alert was posted (unexpected)');
  }
  db.close();
  for (const x of [path, `${path}-wal`, `${path}-shm`]) rmSync(x, { force: true });
}
