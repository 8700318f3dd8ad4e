import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';
import {
  TWILIO_TOKEN,
  answer,
  formParams,
  postForm,
  startServer,
  twilioSign,
  webhookEnv,
  type Running,
} from './helpers.js';

let server: Running | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

describe('a webhook while another process holds the write lock past the busy timeout', () => {
  it('answers 503 with Retry-After, stores nothing, and stores the retry once the lock is gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipbot-busy-'));
    const path = join(dir, 'busy.db');
    const db = openDb(path);
    db.pragma('busy_timeout = 50');
    server = await startServer({
      ctx: {
        db,
        clock: new ManualClock(new Date()),
        log: silentLogger,
        config: loadConfig({ SIPBOT_DB: path, ...webhookEnv() }),
      },
    });

    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const url = `${server.base}/webhooks/twilio`;
    const params = formParams('twilio-status-failed-403.form');
    const headers = { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) };
    const busy = await postForm(url, params, headers);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await answer(busy)).error).toBe('db.busy');
    other.exec('ROLLBACK');
    other.close();
    expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(0);

    const retry = await postForm(url, params, headers);
    expect(retry.status).toBe(200);
    expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(1);
  });
});
