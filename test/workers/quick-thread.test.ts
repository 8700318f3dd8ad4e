import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { buildHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';
import { createToken } from '../../src/store/tokens.js';
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
  const config = loadConfig({ SIPBOT_DB: path });
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

async function* csv(): AsyncGenerator<Buffer> {
  yield Buffer.from('call_id,start_time,caller,callee,route,sip_code\n');
  yield Buffer.from('q-1,2026-11-21T10:00:00Z,+12125550123,+15125550187,telco-east,403\n');
}

describe('the quick thread', () => {
  it('checks tokens, claims interactions and reads /healthz while the command thread waits for a lock', async () => {
    const token = createToken(ctx.db, 'quick', NOW.getTime())!.token;
    const app = await buildHttpServer(ctx);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const other = new Database(ctx.config.dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      let uploaded = false;
      const upload = workers
        .ingest({ format: 'csv', origin: 'api:test', nowMs: NOW.getTime() }, csv())
        .finally(() => (uploaded = true));
      // The command thread is now stuck on the lock; the small operations do not queue behind it.
      expect(await dbOp(ctx, 'findToken', token)).toMatchObject({ name: 'quick' });
      expect(await dbOp(ctx, 'claimInteraction', 'slack:cmd:1', 'slack', NOW.getTime())).toBe(true);
      expect(await dbOp(ctx, 'claimInteraction', 'slack:cmd:1', 'slack', NOW.getTime())).toBe(false);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, db: 'ok', migrations: expect.any(Number) });
      expect(uploaded).toBe(false);
      other.exec('ROLLBACK');
      expect(await upload).toMatchObject({ stored: 1 });
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
});
