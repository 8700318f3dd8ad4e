/**
 * The pieces of `npm run bench slack`: a stub Slack Web API, sipbot as `serve` runs it (a
 * database file, so the database threads are on), a bare Bolt app, and the load statistics.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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
  server: Server;
  responses: number;
  lastHit: number;
}

export async function authStub(): Promise<Stub> {
  const stub = { url: '', responses: 0, lastHit: 0 } as Stub;
  const server = createServer((req, res) => {
    stub.lastHit = performance.now();
    if (req.url?.includes('/response/')) stub.responses++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: true,
          user: 'sipbot',
          team: 'bench',
          team_id: 'T0BENCH',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
          channel: 'C0BENCH',
          ts: '1.000100',
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stub.server = server;
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return stub;
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
