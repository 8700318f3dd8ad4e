/**
 * The write-lock run of `npm run bench slack`: another process holds the database's write lock
 * for BENCH_SLACK_LOCK_MS (25 s) while the Slack load runs, /healthz is probed every
 * BENCH_SLACK_PROBE_MS (20 ms) and
 * Twilio callbacks arrive; afterwards every callback answered 503 is retried until stored.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  CONCURRENCY,
  DEADLINE_MS,
  PUBLIC_URL,
  ROUNDS,
  TWILIO_TOKEN,
  fmt,
  load,
  percentile,
  type Sipbot,
  type Stats,
  type Stub,
} from './slack-parts.js';
import { runTimed, type TimedRequest } from './timed-worker.js';

const LOCK_MS = Number(process.env.BENCH_SLACK_LOCK_MS ?? 25_000);
const HOOKS = Number(process.env.BENCH_SLACK_LOCK_HOOKS ?? 50);
const PROBE_MS = Number(process.env.BENCH_SLACK_PROBE_MS ?? 20);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A separate process that takes the write lock (BEGIN IMMEDIATE), says so, and holds it for `ms`. */
function holdLock(dbPath: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(dbPath)}); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n');
setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('locked')) resolve({ released });
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
}

function twilioHook(path: string, sid: string): { body: string; headers: Record<string, string> } {
  const params: Record<string, string> = {
    AccountSid: 'AC3f0c2a6d8e9b4c1d7e5f6a7b8c9d0e1f',
    ApiVersion: '2010-04-01',
    CallSid: sid,
    CallStatus: 'failed',
    Direction: 'outbound-api',
    From: '+12125550123',
    SipResponseCode: '403',
    Timestamp: new Date().toUTCString(),
    To: '+15125550187',
  };
  let data = PUBLIC_URL + path;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  const signature = createHmac('sha1', TWILIO_TOKEN).update(data).digest('base64');
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  };
}

interface Probes {
  n: number;
  ok: number;
  p50: number;
  p99: number;
  max: number;
}

function probes(rs: Array<{ status: number; ms: number }>): Probes {
  const t = rs.map((h) => h.ms).sort((a, b) => a - b);
  return {
    n: rs.length,
    ok: rs.filter((h) => h.status === 200).length,
    p50: percentile(t, 50),
    p99: percentile(t, 99),
    max: t.at(-1) ?? NaN,
  };
}

export interface LockRun {
  slash: Stats;
  health: Probes;
  /** Probes sent while the 200-request waves were arriving, and those sent after the last wave. */
  healthInLoad: Probes;
  healthAfterLoad: Probes;
  hooks: {
    sent: number;
    busy: number;
    withRetryAfter: number;
    stored: number;
    retries: number;
    lost: number;
    p50: number;
  };
}

export async function lockedRun(ours: Sipbot, stub: Stub): Promise<LockRun> {
  const lock = await holdLock(ours.dbPath, LOCK_MS);
  const window = LOCK_MS - 3000;
  const probeReqs: TimedRequest[] = Array.from({ length: Math.floor(window / PROBE_MS) }, (_, i) => ({
    url: `${ours.base}/healthz`,
    method: 'GET',
    atMs: i * PROBE_MS,
  }));
  const sids = Array.from({ length: HOOKS }, (_, i) => `CAlock${Date.now().toString(36)}${String(i).padStart(5, '0')}`);
  const path = '/webhooks/twilio';
  const hookReqs: TimedRequest[] = sids.map((sid, i) => ({
    url: ours.base + path,
    method: 'POST',
    ...twilioHook(path, sid),
    atMs: Math.floor((i * (window - 6000)) / HOOKS),
  }));
  let loadEnd = Infinity;
  const [slash, health, hooks] = await Promise.all([
    load(ours.url, stub.url, ROUNDS).finally(() => (loadEnd = Date.now())),
    runTimed(probeReqs),
    runTimed(hookReqs),
  ]);
  await lock.released;
  // The provider's retries, after the lock: every callback not stored is sent again until it is.
  let retries = 0;
  let pending = sids.filter((_, i) => hooks[i]!.status !== 200);
  for (let attempt = 0; pending.length && attempt < 10; attempt++) {
    const again = await runTimed(
      pending.map((sid) => ({ url: ours.base + path, method: 'POST', ...twilioHook(path, sid), atMs: 0 })),
    );
    retries += pending.length;
    pending = pending.filter((_, i) => again[i]!.status !== 200);
    if (pending.length) await new Promise((r) => setTimeout(r, 1000));
  }
  const stored = ours.ctx.db
    .prepare(`SELECT count(*) FROM calls WHERE call_id IN (${sids.map(() => '?').join(',')})`)
    .pluck()
    .get(...sids) as number;
  const busy = hooks.filter((h) => h.status === 503);
  return {
    slash,
    health: probes(health),
    healthInLoad: probes(health.filter((h) => h.sentAt < loadEnd)),
    healthAfterLoad: probes(health.filter((h) => h.sentAt >= loadEnd)),
    hooks: {
      sent: HOOKS,
      busy: busy.length,
      withRetryAfter: busy.filter((h) => h.retryAfter !== null).length,
      stored,
      retries,
      lost: HOOKS - stored,
      p50: percentile(
        hooks.map((h) => h.ms).sort((a, b) => a - b),
        50,
      ),
    },
  };
}

export function printLockRun(r: LockRun): void {
  const s = r.slash;
  console.log('');
  console.log(`While another process holds the write lock for ${LOCK_MS / 1000} s (BEGIN IMMEDIATE):`);
  console.log('');
  console.log('| what | requests | answered | p50 ms | p99 ms | max ms | target |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  console.log(
    `| /sip 403, ${CONCURRENCY} concurrent x ${ROUNDS} | ${s.n} | ${s.ok} (${s.inTime} acked < 3 s) | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | every ack < ${DEADLINE_MS / 1000} s: ${s.inTime === s.n && s.ok === s.n ? 'met' : 'NOT met'} |`,
  );
  for (const [what, p] of [
    ['all', r.health],
    ['during the /sip waves', r.healthInLoad],
    ['after the last wave', r.healthAfterLoad],
  ] as const) {
    console.log(
      `| GET /healthz every ${PROBE_MS} ms, ${what} | ${p.n} | ${p.ok} | ${fmt(p.p50)} | ${fmt(p.p99)} | ${fmt(p.max)} | p99 < 100 ms: ${p.p99 < 100 ? 'met' : 'NOT met'} |`,
    );
  }
  const h = r.hooks;
  console.log(
    `| Twilio callbacks | ${h.sent} | ${h.busy} x 503 (${h.withRetryAfter} with Retry-After) | ${fmt(h.p50)} | | | 503 + Retry-After, stored on retry |`,
  );
  console.log('');
  console.log(`callbacks stored after ${h.retries} retries: ${h.stored} of ${h.sent}; lost: ${h.lost}`);
}
