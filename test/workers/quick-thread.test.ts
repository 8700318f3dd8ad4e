import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { buildHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { openDb } from '../../src/store/db.js';
import { createToken } from '../../src/store/tokens.js';
import { prestoreButtons, readButtonId, storedButtonId } from '../../src/adapters/shared/button-payload.js';
import type { Reply } from '../../src/reply.js';
import type { Db } from '../../src/store/db.js';
import { dbOp } from '../../src/workers/ops.js';
import { DbWorkers } from '../../src/workers/pool.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const BEAT_MS = 100;

let dir: string;
let ctx: Ctx;
let workers: DbWorkers;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipbot-quick-'));
  const path = join(dir, 'q.db');
  const db = openDb(path);
  // Calls nobody has folded into the rollups yet: the first analysis would like to write.
  generateDemo(db, { end: new Date('2026-11-21T00:00:00Z'), days: 2, callsPerDay: 1500 });
  // Commands that write wait 30 s for a lock; uploads, like webhooks, 300 ms.
  const config = loadConfig({ SIPBOT_DB: path, SIPBOT_WEBHOOK_LOCK_WAIT_MS: '300' });
  // One command thread that waits up to 30 s for a lock: a job behind a held lock stays pending
  // until the test lets it go, so "answered meanwhile" is an order of events, not a timing.
  workers = await DbWorkers.start({
    dbPath: path,
    config,
    log: silentLogger,
    threads: 1,
    commandLockWaitMs: 30_000,
    writeLockWaitMs: 30_000,
    heartbeatMs: BEAT_MS,
  });
  ctx = { db, clock: new ManualClock(NOW), log: silentLogger, config, workers };
}, 60_000);

afterAll(async () => {
  await workers.close();
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the quick thread', () => {
  it('checks tokens, claims interactions and reads /healthz while the command thread waits for a lock', async () => {
    const token = createToken(ctx.db, 'quick', NOW.getTime())!.token;
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const other = new Database(ctx.config.dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      let subscribed = false;
      const subscribe = workers
        .run(
          { kind: 'text', text: 'digest subscribe 08:00 UTC' },
          { platform: 'slack', userId: 'U1', channelId: 'C9' },
          NOW.getTime(),
        )
        .finally(() => (subscribed = true));
      // The command thread is now stuck on the lock (a write that may wait 30 s); the small
      // operations do not queue behind it.
      expect(await dbOp(ctx, 'findToken', token)).toMatchObject({ name: 'quick' });
      expect(await dbOp(ctx, 'claimInteraction', 'slack:cmd:1', 'slack', NOW.getTime())).toBe(true);
      expect(await dbOp(ctx, 'claimInteraction', 'slack:cmd:1', 'slack', NOW.getTime())).toBe(false);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, db: 'ok', migrations: expect.any(Number) });
      expect(subscribed).toBe(false);
      other.exec('ROLLBACK');
      expect((await subscribe).title).toBe('Digest subscribed');
      // The claim taken while the lock was held is stored once a later claim can write it.
      expect(await dbOp(ctx, 'claimInteraction', 'slack:cmd:2', 'slack', NOW.getTime())).toBe(true);
      expect(ctx.db.prepare("SELECT count(*) FROM interaction_keys WHERE key LIKE 'slack:cmd:%'").pluck().get()).toBe(
        2,
      );
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await app.close();
    }
  });

  it('answers /healthz from its heartbeat: 503 with the reason once the database stops answering', async () => {
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ok = (await (await fetch(`${base}/healthz`)).json()) as { checkedAgoMs: number };
      expect(ok.checkedAgoMs).toBeLessThanOrEqual(5 * BEAT_MS + 1000);
      ctx.db.exec('ALTER TABLE schema_migrations RENAME TO schema_migrations_gone');
      try {
        await expect
          .poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 20_000, interval: BEAT_MS })
          .toBe(503);
        const body = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean; message: string };
        expect(body.ok).toBe(false);
        expect(body.message).toMatch(/schema_migrations/);
      } finally {
        ctx.db.exec('ALTER TABLE schema_migrations_gone RENAME TO schema_migrations');
      }
      await expect
        .poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 20_000, interval: BEAT_MS })
        .toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers read-only commands while another process holds the write lock, and gives the alerts tick up at once', async () => {
    const who = { platform: 'slack' as const, userId: 'U1', channelId: 'C1' };
    const other = new Database(ctx.config.dbPath);
    let explained: Reply;
    try {
      other.exec('BEGIN IMMEDIATE');
      // The analysis folds new calls into its rollups when it can; behind a lock it scans the
      // calls instead. Waiting here would hold the thread for the 30 s lock wait.
      explained = await workers.run({ kind: 'text', text: '403' }, who, NOW.getTime());
      expect(explained.title).toMatch(/^403/);
      const status = await workers.run({ kind: 'text', text: 'status' }, who, NOW.getTime());
      expect(status.title).toMatch(/status/);
      await expect(workers.alertTick(NOW.getTime())).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      expect(other.inTransaction).toBe(true);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
    // With the lock free the same tick runs, and the rollups catch up.
    expect(await workers.alertTick(NOW.getTime())).toMatchObject({ steps: expect.any(Number) });
    // Scanning the calls behind the lock gave the very answer the folded rollups give.
    expect(await workers.run({ kind: 'text', text: '403' }, who, NOW.getTime())).toEqual(explained);
    expect(ctx.db.prepare('SELECT last_call_id FROM rollup_state').pluck().get()).toBe(
      ctx.db.prepare('SELECT max(id) FROM calls').pluck().get(),
    );
  });

  it('stores and reads long button payloads of an event-loop reply without a query on the event loop', async () => {
    // Any use of the event loop's own connection fails this test.
    const db = new Proxy({} as Db, {
      get() {
        throw new Error('queried on the event loop');
      },
    });
    const loop: Ctx = { ...ctx, db };
    const value = `+12125550123|${'x'.repeat(90)}`;
    const reply = { title: 'an alert', blocks: [], buttons: [{ label: 'Show calls', action: 'calls.show', value }] };
    await prestoreButtons(loop, reply, 75);
    const id = storedButtonId(loop, 75)('calls.show', value);
    expect(id).toMatch(/^~\d+$/);
    expect(await readButtonId(loop, id)).toEqual({ action: 'calls.show', value });
    expect(
      ctx.db
        .prepare('SELECT value FROM button_payloads WHERE id = ?')
        .pluck()
        .get(Number(id.slice(1))),
    ).toBe(value);
  });

  it.runIf(existsSync('/proc/thread-self'))(
    'runs the command threads at a lower CPU priority than the event loop',
    () => {
      // Field 19 of /proc/<pid>/task/<tid>/stat is the niceness (after the ")" closing the name).
      const nice = (tid: string): number =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
      const tasks = readdirSync('/proc/self/task');
      expect(nice(String(process.pid))).toBe(0);
      // This file starts one command thread; the writer and quick threads keep the process's priority.
      expect(tasks.filter((t) => nice(t) === 10)).toHaveLength(1);
    },
  );

  it('answers an API upload 503 + Retry-After after the webhook lock wait, and stores it when sent again', async () => {
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const other = new Database(ctx.config.dbPath);
    try {
      const token = createToken(ctx.db, 'worker-busy', NOW.getTime())!.token;
      const upload = (): Promise<Response> =>
        fetch(`${base}/api/v1/calls`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: 'call_id,start_time,caller,callee,route,sip_code\nwk-busy-1,2026-11-21T10:00:00Z,+12125550123,+15125550187,telco-east,403\n',
        });
      other.exec('BEGIN IMMEDIATE');
      const busy = await upload();
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(await busy.json()).toMatchObject({ error: 'db.busy', message: expect.stringMatching(/nothing is lost/) });
      // The thread was not held for the commands' 30 s lock wait: it answers a command at once.
      expect(
        (
          await workers.run(
            { kind: 'text', text: 'help' },
            { platform: 'slack', userId: 'U1', channelId: 'C1' },
            NOW.getTime(),
          )
        ).title,
      ).toBeTruthy();
      other.exec('ROLLBACK');
      const again = await upload();
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ stored: 1, duplicates: 0 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await app.close();
    }
  });
});
