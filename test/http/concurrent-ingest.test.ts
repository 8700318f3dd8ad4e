import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';
import { packageRoot } from '../../src/paths.js';
import { TWILIO_TOKEN, formParams, postForm, startServer, twilioSign, webhookEnv, type Running } from './helpers.js';

const ROOT = packageRoot();
const ROWS = 100_000;

/** The canonical CSV the CLI reads, ROWS calls. */
function bigCsv(path: string): void {
  const lines = ['call_id,start_time,caller,callee,route,sip_code,sip_reason,q850_cause,duration'];
  for (let i = 0; i < ROWS; i++) {
    const blocked = i % 50 === 0;
    lines.push(
      `bulk-${i},${1795200000 + i},+1212555${String(i % 10000).padStart(4, '0')},+1512555${String((i * 7) % 10000).padStart(4, '0')},telco-${i % 3},${blocked ? 403 : 200},${blocked ? 'Forbidden' : 'OK'},${blocked ? 21 : 16},${blocked ? 0 : 30}`,
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('the CLI ingest and the server writing one database at once', () => {
  let dir: string;
  let server: Running | undefined;

  beforeAll(() => {
    // The child is the real CLI (bin/sipbot.js -> dist/). `npm install` builds it; build if missing.
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')))
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'sipbot-concurrent-'));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and fails no request (WAL, busy timeout, group commit)', async () => {
    const dbPath = join(dir, 'shared.db');
    const csv = join(dir, 'big.csv');
    bigCsv(csv);
    const config = loadConfig({ SIPBOT_DB: dbPath, ...webhookEnv() });
    server = await startServer({ ctx: { db: openDb(dbPath), clock: systemClock, log: silentLogger, config } });

    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sipbot.js'), 'ingest', csv, '--db', dbPath, '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (err += String(c)));
    let running = true;
    const exited = new Promise<number>((resolve) =>
      child.on('exit', (code) => {
        running = false;
        resolve(code ?? -1);
      }),
    );

    const url = `${server.base}/webhooks/twilio`;
    const statuses: number[] = [];
    let duringIngest = 0;
    let n = 0;
    // Webhooks in waves of 20 concurrent requests for as long as the ingest runs (and at least 200).
    while (running || n < 200) {
      const wave = Array.from({ length: 20 }, () => {
        const params = formParams('twilio-status-failed-403.form', {
          CallSid: `CAconc${String(n++).padStart(8, '0')}`,
        });
        return postForm(url, params, { 'x-twilio-signature': twilioSign(TWILIO_TOKEN, url, params) });
      });
      const wasRunning = running;
      for (const res of await Promise.all(wave)) {
        statuses.push(res.status);
        if (wasRunning) duringIngest++;
      }
    }
    const code = await exited;
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out).files[0]).toMatchObject({ read: ROWS, stored: ROWS, rejected: 0 });
    expect(duringIngest).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const counts = server.ctx.db
      .prepare('SELECT source, count(*) AS n FROM calls GROUP BY source ORDER BY source')
      .all();
    expect(counts).toEqual([
      { source: 'csv', n: ROWS },
      { source: 'twilio', n: statuses.length },
    ]);
  }, 120_000);
});
