/**
 * The pieces of `npm run bench slack`: a stub Slack Web API, sipbot as `serve` runs it (a
 * database file, so the database threads are on), a bare Bolt app, and the load statistics.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { generateDemo } from '../src/core/demo/seed-db.js';
import { createLogger } from '../src/log.js';
import { startServices } from '../src/main.js';
import { openDb } from '../src/store/db.js';
import { runLoad } from './load-worker.js';

export const CONCURRENCY = Number(process.env.BENCH_SLACK_CONCURRENCY ?? 200);
export const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 5);
export const DEADLINE_MS = 3000;
export const SECRET = 'bench-signing-secret';
export const TWILIO_TOKEN = 'bench-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://sipbot.bench.example';
const DAY = 86_400_000;

/** Answers auth.test and every other Web API call, and response_url posts; counts the latter. */
export interface Stub {
  url: string;
  /** response_url posts received so far. */
  readonly responses: number;
  /** When the stub last received anything, on this thread's performance.now() clock. */
  readonly lastHit: number;
  close(): Promise<void>;
}

// Plain JS, evaluated in a worker thread: Slack's Web API is another machine in production, so
// its stand-in must not take the server's event loop. Counters cross in a SharedArrayBuffer
// ([responses, lastHit as epoch ms]).
const STUB = `
const { workerData, parentPort } = require('node:worker_threads');
const { createServer } = require('node:http');
const counters = new Float64Array(workerData);
const body = JSON.stringify({ ok: true, user: 'sipbot', team: 'bench', team_id: 'T0BENCH', user_id: 'U0BOT',
  bot_id: 'B0BOT', channel: 'C0BENCH', ts: '1.000100' });
const server = createServer((req, res) => {
  counters[1] = performance.timeOrigin + performance.now();
  if (req.url && req.url.includes('/response/')) counters[0]++;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

export async function authStub(): Promise<Stub> {
  const shared = new SharedArrayBuffer(16);
  const counters = new Float64Array(shared);
  const worker = new Worker(STUB, { eval: true, workerData: shared });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}/api/`,
    get responses() {
      return counters[0]!;
    },
    get lastHit() {
      return counters[1]! - performance.timeOrigin;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((r) => worker.once('exit', r));
    },
  };
}

/** Waits until deferred answers stop arriving, so one run's background work never slows the next. */
export async function quiet(stub: Stub, ms = 750): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (performance.now() - stub.lastHit > ms) return;
  }
}

export function slashBody(i: number, responseBase: string, text = '403'): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: `U${i}`,
    user_name: 'bench',
    command: '/sip',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: `${responseBase}response/${i}`,
    trigger_id: `${Date.now()}.${i}.${randomBytes(4).toString('hex')}`,
  }).toString();
}

export interface Stats {
  n: number;
  ok: number;
  inTime: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** `rounds` waves of CONCURRENCY signed `/sip 403`, sent from a worker thread (see load-worker.ts). */
export async function load(target: string, responseBase: string, rounds: number): Promise<Stats> {
  const requests = Array.from({ length: rounds * CONCURRENCY }, (_, i) => ({ body: slashBody(i, responseBase) }));
  const results = await runLoad({ url: target, secret: SECRET, requests, concurrency: CONCURRENCY });
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n: times.length,
    ok: results.filter((r) => r.status === 200).length,
    inTime: times.filter((t) => t < DEADLINE_MS).length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1)!,
    bytes: Math.round(results.reduce((n, r) => n + Buffer.byteLength(r.body), 0) / results.length),
  };
}

export interface Sipbot {
  base: string;
  url: string;
  dbPath: string;
  ctx: Ctx;
  calls: number;
  stop(): Promise<void>;
  cleanup(): void;
}

/** sipbot as `serve` runs it: a database file, so commands and writes run in the database threads. */
export async function sipbot(apiUrl: string): Promise<Sipbot> {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-slack-'));
  const dbPath = join(dir, 'bench.db');
  const config = loadConfig({
    SIPBOT_DB: dbPath,
    SIPBOT_HOST: '127.0.0.1',
    SIPBOT_PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    SIPBOT_PUBLIC_URL: PUBLIC_URL,
  });
  const db = openDb(config.dbPath);
  const end = new Date(Math.floor(Date.now() / DAY) * DAY);
  const seeded = generateDemo(db, { end, days: 8, callsPerDay: 10_000 });
  const ctx: Ctx = { db, clock: systemClock, log: createLogger('silent'), config };
  const services = await startServices(ctx, {
    scheduler: false,
    say: () => undefined,
    platforms: { slack: { retries: 0 } },
  });
  return {
    base: services.httpUrl!,
    url: `${services.httpUrl!}/slack/events`,
    dbPath,
    ctx,
    calls: seeded.stored,
    stop: async () => {
      await services.stop();
      db.close();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function bareBolt(apiUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    token: 'xoxb-bench',
    receiver,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command('/sip', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'ok' });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: async () => {
      await app.stop();
    },
  };
}

export const fmt = (n: number): string => n.toFixed(1);
