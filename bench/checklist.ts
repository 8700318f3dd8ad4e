/**
 * Checklist and escalation latency (issue 7) over a database of demo traffic (14 days,
 * BENCH_CHECK_CALLS calls, default 1,000,000): `/sip check <subject>` (the data's answers are
 * computed at the start), a button press, an escalation with its evidence bundle, and the
 * outbox draining signed webhooks to a local receiver. Chat platforms want an answer in 3 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actions as checkActions, command as check } from '../commands/check.js';
import { modals } from '../commands/escalate.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Ctx, Invoker } from '../src/context.js';
import { planDemo, SUBJECTS } from '../src/core/demo/index.js';
import { EscalationWorker } from '../src/core/escalation/worker.js';
import { silentLogger } from '../src/log.js';
import type { Reply } from '../src/reply.js';
import { insertCalls } from '../src/store/calls.js';
import { openDb } from '../src/store/db.js';
import { enqueue } from '../src/store/outbox.js';

const CALLS = Number(process.env.BENCH_CHECK_CALLS ?? 1_000_000);
const DAYS = 14;
const WEBHOOKS = 500;

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-bench-check-'));
  const dbPath = join(dir, 'check.db');
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  try {
    const db = openDb(dbPath);
    const end = new Date('2026-11-21T00:00:00Z');
    const perDay = Math.round(CALLS / ((DAYS * (5 + 2 * 0.6)) / 7));
    const { days } = planDemo({ end, days: DAYS, callsPerDay: perDay, plantDays: 2 });
    let stored = 0;
    for (const day of days()) stored += insertCalls(db, day).stored;
    console.log(`database: ${stored.toLocaleString('en-US')} calls over ${DAYS} days`);
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const ctx: Ctx = {
      db,
      clock: new ManualClock(end),
      log: silentLogger,
      config: loadConfig({
        SIPBOT_DB: dbPath,
        SIPBOT_ESCALATION_WEBHOOK_URL: hook,
        SIPBOT_ESCALATION_WEBHOOK_SECRET: 's',
      }),
    };
    const who = (n: number): Invoker => ({ platform: 'slack', userId: `U${n}`, channelId: 'C1' });
    const answer = checkActions.find((a) => a.action === 'check.answer')!;

    console.log('\n| step | subject | ms |');
    console.log('|---|---|---:|');
    const subjects = ['*', SUBJECTS.reputation, SUBJECTS.carrierPolicy, SUBJECTS.configRoute, SUBJECTS.region];
    let last: Reply | undefined;
    for (const [i, s] of subjects.entries()) {
      const { ms, value } = await timed(() => check.run({ subject: s === '*' ? '' : s }, { ctx, invoker: who(i) }));
      console.log(`| /sip check (start: data answers + first step) | ${s} | ${ms.toFixed(0)} |`);
      if (s === SUBJECTS.reputation) last = value;
    }
    const presses: number[] = [];
    let n = 0;
    while (last?.buttons?.some((b) => b.label === 'Yes')) {
      const b = last.buttons.find((x) => x.label.startsWith('Not sure'))!;
      const r = await timed(() => answer.run(b.value, { ctx, invoker: who(1) }));
      presses.push(r.ms);
      last = r.value;
      n++;
    }
    console.log(`| button press (p50 of ${n}, to the verdict) | ${SUBJECTS.reputation} | ${p50(presses).toFixed(1)} |`);
    const submit = modals[0]!;
    const esc = await timed(() =>
      submit.run(
        '|' + SUBJECTS.reputation,
        { subject: SUBJECTS.reputation, urgency: 'high', tried: '', contact: '' },
        { ctx, invoker: who(1) },
      ),
    );
    console.log(
      `| escalation submitted (evidence bundle with analyze over 7 days) | ${SUBJECTS.reputation} | ${esc.ms.toFixed(0)} |`,
    );

    // The outbox: WEBHOOKS signed deliveries to a local receiver, drained tick by tick.
    const now = ctx.clock.now().getTime();
    db.transaction(() => {
      for (let i = 0; i < WEBHOOKS; i++)
        enqueue(
          db,
          {
            eventKey: `bench-${i}`,
            kind: 'webhook',
            target: hook,
            payload: JSON.stringify({ event: 'bench', i }),
            escalationId: null,
          },
          now,
        );
    })();
    const worker = new EscalationWorker(ctx, []);
    let sent = 0;
    const t = performance.now();
    while (sent < WEBHOOKS + 1) {
      const r = await worker.tick();
      if (r.sent === 0) break;
      sent += r.sent;
    }
    const secs = (performance.now() - t) / 1000;
    console.log(
      `\noutbox: ${sent} signed webhook deliveries in ${secs.toFixed(2)} s (${Math.round(sent / secs)}/s, one at a time, each marked sent in SQLite)`,
    );
    db.close();
  } finally {
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
