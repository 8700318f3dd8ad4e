import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runText } from '../../commands/registry.js';
import { prepareText } from '../../src/adapters/shared/run.js';
import { registrySource } from '../../src/adapters/shared/commands.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx, Invoker } from '../../src/context.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { isUserError } from '../../src/errors.js';
import { buildHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';
import { createToken } from '../../src/store/tokens.js';
import { DbWorkers } from '../../src/workers/pool.js';
import { buildDigest } from '../../src/core/digest/build-digest.js';
import { DigestScheduler } from '../../src/core/schedule/scheduler.js';
import type { Poster } from '../../src/post.js';
import type { Reply } from '../../src/reply.js';
import { upsertSubscription } from '../../src/store/subscriptions.js';
import { TWILIO_TOKEN, formParams, postForm, twilioSign, webhookEnv } from '../http/helpers.js';

const who: Invoker = { platform: 'slack', userId: 'U1', channelId: 'C1' };
const NOW = new Date('2026-11-21T12:00:00Z');
const LOCK_WAIT_MS = 300;

let dir: string;
let ctx: Ctx & { clock: ManualClock };
let workers: DbWorkers;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipbot-workers-'));
  const path = join(dir, 'w.db');
  const db = openDb(path);
  generateDemo(db, { end: new Date('2026-11-21T00:00:00Z'), days: 3, callsPerDay: 2000 });
  const config = loadConfig({ SIPBOT_DB: path, ...webhookEnv() });
  ctx = { db, clock: new ManualClock(NOW), log: silentLogger, config };
  workers = await DbWorkers.start({
    dbPath: path,
    config,
    log: silentLogger,
    threads: 2,
    commandLockWaitMs: LOCK_WAIT_MS,
    writeLockWaitMs: LOCK_WAIT_MS,
  });
  ctx.workers = workers;
}, 60_000);

afterAll(async () => {
  await workers.close();
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same context without threads: everything on ctx.db, on this thread. */
function here(): Ctx {
  return { db: ctx.db, clock: ctx.clock, log: ctx.log, config: ctx.config };
}

/** The longest gap between 5 ms timer ticks while `work` runs: how long the event loop was held. */
async function loopHeld<T>(work: Promise<T>): Promise<{ value: T; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const t = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  try {
    const value = await work;
    return { value, maxGapMs: Math.max(maxGapMs, performance.now() - last) };
  } finally {
    clearInterval(t);
  }
}

describe('commands in database threads', () => {
  it("answers exactly what the command answers on this thread, at the caller's clock", async () => {
    const inThread = await runText('403', { ctx: here(), invoker: who });
    const there = await prepareText(registrySource, ctx, who, '403').run();
    expect(there).toEqual(inThread);
    // The thread reads the manual clock's time, not its own: a day later the window moves.
    ctx.clock.set(new Date('2026-11-25T12:00:00Z'));
    const later = await prepareText(registrySource, ctx, who, '403').run();
    const hereLater = await runText('403', { ctx: here(), invoker: who });
    ctx.clock.set(NOW);
    expect(later).toEqual(hereLater);
    expect(later).not.toEqual(there);
  });

  it('draws the digest chart in the thread and returns it as a PNG Buffer', async () => {
    const reply = await workers.run({ kind: 'text', text: 'digest 2026-11-20' }, who, NOW.getTime());
    const png = reply.image?.png;
    expect(Buffer.isBuffer(png)).toBe(true);
    expect(png!.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('keeps a UserError a UserError across the thread boundary', async () => {
    const err = await workers.run({ kind: 'text', text: 'explain 799' }, who, NOW.getTime()).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/799/);
  });

  it('runs twenty commands without holding the event loop (on this thread they hold it for all twenty)', async () => {
    const inline = here();
    const onLoop = await loopHeld(
      Promise.resolve().then(() =>
        Promise.all(Array.from({ length: 20 }, () => runText('patterns', { ctx: inline, invoker: who }))),
      ),
    );
    const there = await loopHeld(
      Promise.all(
        Array.from({ length: 20 }, () => workers.run({ kind: 'text', text: 'patterns' }, who, NOW.getTime())),
      ),
    );
    expect(there.value).toEqual(onLoop.value);
    // On 2 shared cores the threads compete with this one for CPU: a bound relative to the
    // blocking run, not an absolute figure.
    expect(there.maxGapMs).toBeLessThan(onLoop.maxGapMs / 4);
  });
});

describe('the digest scheduler in serve', () => {
  it('builds the digest in a thread and posts what the digest is on this thread', async () => {
    upsertSubscription(ctx.db, {
      platform: 'slack',
      channelId: 'CDIGEST',
      threadId: null,
      localTime: '08:00',
      timeZone: 'UTC',
      filterKind: null,
      filterValue: null,
      createdBy: 'U1',
      createdMs: Date.parse('2026-11-19T00:00:00Z'),
    });
    const posts: Reply[] = [];
    const poster: Poster = {
      platform: 'slack',
      post: async (target, reply) => {
        posts.push(reply);
        return { platform: 'slack', channelId: target.channelId, messageId: 'm1' };
      },
      update: async () => undefined,
    };
    const posted = await new DigestScheduler(ctx, [poster]).tick();
    expect(posted).toMatchObject([{ digestDate: '2026-11-20' }]);
    expect(posts[0]).toEqual(buildDigest(ctx.db, { date: '2026-11-20', timeZone: 'UTC', late: posted[0]!.late }).reply);
    expect(Buffer.isBuffer(posts[0]!.image?.png)).toBe(true);
  });
});

describe('an API upload that takes longer than its bound', () => {
  it('is stopped with 413, its thread restarted, and the thread answers again', async () => {
    const slow = await DbWorkers.start({
      dbPath: ctx.config.dbPath,
      config: ctx.config,
      log: silentLogger,
      threads: 1,
      commandLockWaitMs: LOCK_WAIT_MS,
      writeLockWaitMs: LOCK_WAIT_MS,
      ingestTimeoutMs: 100,
    });
    try {
      async function* body(): AsyncGenerator<Buffer> {
        yield Buffer.from('call_id,start_time,caller,callee,route,sip_code\n');
        for (let c = 0; c < 40; c++) {
          yield Buffer.from(
            Array.from(
              { length: 5000 },
              (_, i) => `slow-${c}-${i},2026-11-21T10:00:00Z,+12125550123,+15125550187,telco-east,403\n`,
            ).join(''),
          );
        }
      }
      const t0 = performance.now();
      const err = await slow
        .ingest({ format: 'csv', origin: 'api:test', nowMs: NOW.getTime() }, body())
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ statusCode: 413, code: 'http.too_slow' });
      expect(performance.now() - t0).toBeLessThan(5000);
      const reply = await slow.run({ kind: 'text', text: 'help' }, who, NOW.getTime());
      expect(reply.title).toBeTruthy();
    } finally {
      await slow.close();
    }
  });
});

describe('the server with database threads while another process holds the write lock', () => {
  it('answers /healthz at once, 503 + Retry-After to a webhook, and stores its retry', async () => {
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const other = new Database(ctx.config.dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      const url = `${base}/webhooks/twilio`;
      const params = formParams('twilio-status-failed-403.form', { CallSid: 'CAworkerlock0001' });
      const headers = { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) };
      const hook = postForm(url, params, headers);
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}/healthz`);
        times.push(performance.now() - t0);
        expect(r.status).toBe(200);
      }
      // Never waits for the lock (the bench shows p99 under 100 ms; here the suite shares 2 cores).
      expect(Math.max(...times)).toBeLessThan(1000);
      const busy = await hook;
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      other.exec('ROLLBACK');
      const retry = await postForm(url, params, headers);
      expect(retry.status).toBe(200);
      expect(ctx.db.prepare("SELECT count(*) FROM calls WHERE call_id = 'CAworkerlock0001'").pluck().get()).toBe(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await app.close();
    }
  });

  it('parses and stores an API upload in a thread, and keeps its 4xx answers', async () => {
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const token = createToken(ctx.db, 'worker-test', NOW.getTime())!.token;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'text/csv' };
      const csv = [
        'call_id,start_time,caller,callee,route,sip_code',
        ...Array.from(
          { length: 3000 },
          (_, i) => `wk-${i},2026-11-21T10:00:00Z,+12125550123,+15125550187,telco-east,403`,
        ),
      ].join('\n');
      const r = await fetch(`${base}/api/v1/calls`, { method: 'POST', headers, body: csv });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { stored: number }).stored).toBe(3000);
      const bad = await fetch(`${base}/api/v1/calls`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: 'call_id,x\n1,2',
      });
      expect(bad.status).toBe(400);
      // The zone crosses into the thread: ?tz= and, without it, the token's own.
      const zoned = createToken(ctx.db, 'worker-zoned', NOW.getTime(), 'Asia/Tokyo')!.token;
      const local = (id: string): string =>
        `call_id,start_time,caller,callee,route,sip_code\n${id},2026-11-21 19:00:00,+12125550123,+15125550187,telco-east,403\n`;
      const send = (id: string, t: string, q = ''): Promise<Response> =>
        fetch(`${base}/api/v1/calls${q}`, {
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${t}` },
          body: local(id),
        });
      expect((await send('wk-tz-token', zoned)).status).toBe(200);
      expect((await send('wk-tz-query', token, '?tz=America/New_York')).status).toBe(200);
      const startOf = (id: string): unknown =>
        ctx.db.prepare('SELECT start_ms FROM calls WHERE call_id = ?').pluck().get(id);
      expect(startOf('wk-tz-token')).toBe(Date.UTC(2026, 10, 21, 10));
      expect(startOf('wk-tz-query')).toBe(Date.UTC(2026, 10, 22, 0));
    } finally {
      await app.close();
    }
  });
});
