/**
 * `/sip <code>` latency (issue 4): the knowledge-base answer alone, and with "in your data"
 * over a database of demo traffic (14 days, BENCH_EXPLAIN_CALLS calls, default 1,000,000).
 * Slack and Discord want an answer within 3 s; the adapters defer only commands marked slow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainQuery, explainReply } from '../commands/explain.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { planDemo } from '../src/core/demo/index.js';
import { silentLogger } from '../src/log.js';
import { renderText } from '../src/render/text.js';
import { insertCalls } from '../src/store/calls.js';
import { openDb } from '../src/store/db.js';

const CALLS = Number(process.env.BENCH_EXPLAIN_CALLS ?? 1_000_000);
const DAYS = 14;
const QUERIES = [
  '403',
  '603 Network Blocked',
  'q850 21',
  'SIP/2.0 486 Busy Here',
  'Reason: SIP;cause=603;text="v=analytics1;url=https://example.com";location=LN',
];

function quantiles(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0 };
}

function time(fn: () => unknown, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function run(): Promise<void> {
  // Knowledge base only: parse, explain, render as text.
  const kb = time(() => renderText(kbReply(QUERIES[0] ?? '403')), 2000);
  const parse = time(() => QUERIES.forEach((q) => explainQuery(q)), 2000);
  console.log(
    `knowledge base: explain+render 403 p50 ${quantiles(kb).p50.toFixed(3)} ms; parse+explain of ${QUERIES.length} pasted forms p50 ${quantiles(parse).p50.toFixed(3)} ms`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-explain-'));
  const dbPath = join(dir, 'explain.db');
  try {
    const db = openDb(dbPath);
    const end = new Date('2026-11-21T00:00:00Z');
    const perDay = Math.round(CALLS / ((DAYS * (5 + 2 * 0.6)) / 7));
    const { days } = planDemo({ end, days: DAYS, callsPerDay: perDay, plantDays: 2 });
    const t0 = performance.now();
    let stored = 0;
    for (const day of days()) stored += insertCalls(db, day).stored;
    console.log(
      `database: ${stored.toLocaleString('en-US')} calls over ${DAYS} days (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const ctx: Ctx = { db, clock: new ManualClock(end), log: silentLogger, config: loadConfig({ SIPBOT_DB: dbPath }) };
    console.log('\n| query | first (cold) ms | p50 ms | p95 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const q of QUERIES) {
      const [first = 0] = time(() => explainReply(q, ctx), 1);
      const { p50, p95, max } = quantiles(time(() => explainReply(q, ctx), 30));
      const label = q.length > 40 ? q.slice(0, 37) + '...' : q;
      console.log(`| \`${label}\` | ${first.toFixed(0)} | ${p50.toFixed(0)} | ${p95.toFixed(0)} | ${max.toFixed(0)} |`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function kbReply(q: string): ReturnType<typeof explainReply> {
  const ctx: Ctx = {
    db: memDb(),
    clock: new ManualClock(new Date()),
    log: silentLogger,
    config: loadConfig({ SIPBOT_DB: ':memory:' }),
  };
  return explainReply(q, ctx);
}

let mem: ReturnType<typeof openDb> | undefined;
function memDb(): ReturnType<typeof openDb> {
  mem ??= openDb(':memory:');
  return mem;
}
