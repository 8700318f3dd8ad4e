/**
 * `npm run bench slack`: 200 concurrent signed `/sip 403` slash commands over HTTP mode on
 * loopback against sipbot (the shared fastify server, Bolt's receiver, the real explain command
 * over a demo database), then the same load against a bare Bolt app that acks a fixed text.
 * Prints p50/p99 for both and the ratio of the p99s (target: within 1.5x of bare Bolt).
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
import { generateDemo } from '../src/core/demo/seed-db.js';
import { createLogger } from '../src/log.js';
import { startServices } from '../src/main.js';
import { openDb } from '../src/store/db.js';
import { runLoad } from './load-worker.js';

const CONCURRENCY = Number(process.env.BENCH_SLACK_CONCURRENCY ?? 200);
const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 5);
const DEADLINE_MS = 3000;
const SECRET = 'bench-signing-secret';
const DAY = 86_400_000;

/** Answers auth.test (Bolt calls it once at start) and swallows anything else. */
interface Stub {
  url: string;
  server: Server;
  /** response_url posts received (the answers to commands acked with "Working on it"). */
  responses: number;
  lastHit: number;
}

async function authStub(): Promise<Stub> {
  const stub = { url: '', responses: 0, lastHit: 0 } as Stub;
  const server = createServer((req, res) => {
    stub.lastHit = performance.now();
    if (req.url?.includes('/response/')) stub.responses++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user: 'sipbot', team: 'bench', team_id: 'T0BENCH', user_id: 'U0BOT', bot_id: 'B0BOT' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stub.server = server;
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return stub;
}

/** Waits until deferred answers stop arriving, so one run's background work never slows the next. */
async function quiet(stub: Stub, ms = 750): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (performance.now() - stub.lastHit > ms) return;
  }
}

function slashBody(i: number, responseBase: string): string {
  return new URLSearchParams({
    token: 'x', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench', user_id: `U${i}`, user_name: 'bench',
    command: '/sip', text: '403', api_app_id: 'A0BENCH', is_enterprise_install: 'false',
    response_url: `${responseBase}response/${i}`, trigger_id: `${Date.now()}.${i}.${randomBytes(4).toString('hex')}`,
  }).toString();
}

interface Stats { n: number; ok: number; inTime: number; p50: number; p99: number; max: number; bytes: number }

/** `rounds` waves of CONCURRENCY requests, sent from a worker thread (see load-worker.ts). */
async function load(target: string, responseBase: string, rounds: number): Promise<Stats> {
  const requests = Array.from({ length: rounds * CONCURRENCY }, (_, i) => ({ body: slashBody(i, responseBase) }));
  const results = await runLoad({ url: target, secret: SECRET, requests, concurrency: CONCURRENCY });
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number): number => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  return {
    n: times.length,
    ok: results.filter((r) => r.status === 200).length,
    inTime: times.filter((t) => t < DEADLINE_MS).length,
    p50: pct(50),
    p99: pct(99),
    max: times.at(-1)!,
    bytes: Math.round(results.reduce((n, r) => n + Buffer.byteLength(r.body), 0) / results.length),
  };
}

async function sipbot(apiUrl: string): Promise<{ url: string; stop: () => Promise<void>; cleanup: () => void; calls: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-slack-'));
  const config = loadConfig({ SIPBOT_DB: join(dir, 'bench.db'), SIPBOT_HOST: '127.0.0.1', SIPBOT_PORT: '0', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl });
  const db = openDb(config.dbPath);
  const end = new Date(Math.floor(Date.now() / DAY) * DAY);
  const seeded = generateDemo(db, { end, days: 8, callsPerDay: 10_000 });
  const ctx = { db, clock: systemClock, log: createLogger('silent'), config };
  const services = await startServices(ctx, { scheduler: false, say: () => undefined });
  return {
    url: `${services.httpUrl!}/slack/events`,
    calls: seeded.stored,
    stop: async () => {
      await services.stop();
      db.close();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function bareBolt(apiUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-bench', receiver, clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });
  app.command('/sip', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'ok' });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: async () => {
      await app.stop();
    } };
}

const fmt = (n: number): string => n.toFixed(1);

export async function run(): Promise<void> {
  const stub = await authStub();
  const ours = await sipbot(stub.url);
  const bare = await bareBolt(stub.url);
  try {
    console.log(`/sip 403 slash commands, ${CONCURRENCY} concurrent x ${ROUNDS} rounds, signed, HTTP mode on loopback, sent from a worker thread`);
    console.log(`sipbot database: ${ours.calls.toLocaleString('en-US')} demo calls (explain adds "In your data" counts)`);
    // Warm-up: JIT, prepared statements, keep-alive sockets.
    await load(ours.url, stub.url, 1);
    await load(bare.url, stub.url, 1);
    await quiet(stub);
    const b = await load(bare.url, stub.url, ROUNDS);
    await quiet(stub);
    const before = stub.responses;
    const t0 = performance.now();
    const a = await load(ours.url, stub.url, ROUNDS);
    await quiet(stub);
    const deferred = stub.responses - before;
    const allAnswered = (stub.lastHit - t0) / 1000;
    console.log('');
    console.log('| server | requests | 200 | acked < 3 s | p50 ms | p99 ms | max ms | ack bytes |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, s] of [['sipbot (fastify + Bolt receiver, real explain)', a], ['bare Bolt HTTPReceiver (fixed ack)', b]] as const) {
      console.log(`| ${name} | ${s.n} | ${s.ok} | ${s.inTime} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${s.bytes} |`);
    }
    const ratio = a.p99 / b.p99;
    console.log('');
    console.log(`p99 ratio sipbot / bare Bolt: ${ratio.toFixed(2)}x (target <= 1.5x): ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
    console.log(`all acknowledged within 3 s: ${a.inTime === a.n && a.ok === a.n ? 'yes' : 'NO'}`);
    console.log(`sipbot answered ${a.n - deferred} in the ack and ${deferred} through response_url after "Working on it"; the last answer ${allAnswered.toFixed(1)} s after the first request`);
  } finally {
    await ours.stop();
    await bare.stop();
    ours.cleanup();
    stub.server.close();
  }
}
