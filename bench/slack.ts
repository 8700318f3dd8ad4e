/**
 * `npm run bench slack`: 200 concurrent signed `/sip 403` slash commands over HTTP mode on
 * loopback against sipbot as `serve` runs it (the shared fastify server, Bolt's receiver, the
 * database threads, the real explain command over a demo database), then the same load against
 * a bare Bolt app that acks a fixed text; then the same load while another process holds the
 * write lock for 25 s, with /healthz probes and Twilio callbacks; then escalation forms with an
 * "all calls" bundle. Every client runs in a worker thread, so the server cannot hold back its clock.
 */
import { escalationRun, printEscalations } from './slack-escalate.js';
import { lockedRun, printLockRun } from './slack-lock.js';
import { CONCURRENCY, ROUNDS, authStub, bareBolt, fmt, load, quiet, sipbot } from './slack-parts.js';

export async function run(): Promise<void> {
  const stub = await authStub();
  const ours = await sipbot(stub.url);
  const bare = await bareBolt(stub.url);
  try {
    console.log(
      `/sip 403 slash commands, ${CONCURRENCY} concurrent x ${ROUNDS} rounds, signed, HTTP mode on loopback, sent from a worker thread`,
    );
    console.log(
      `sipbot database: ${ours.calls.toLocaleString('en-US')} demo calls (explain adds "In your data" counts); ${ours.ctx.config.env.SIPBOT_DB_THREADS} command threads + 1 writer thread`,
    );
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
    for (const [name, s] of [
      ['sipbot (fastify + Bolt receiver, real explain in threads)', a],
      ['bare Bolt HTTPReceiver (fixed ack)', b],
    ] as const) {
      console.log(
        `| ${name} | ${s.n} | ${s.ok} | ${s.inTime} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${s.bytes} |`,
      );
    }
    const ratio = a.p99 / b.p99;
    console.log('');
    console.log(
      `p99 ratio sipbot / bare Bolt: ${ratio.toFixed(2)}x (target <= 1.5x): ${ratio <= 1.5 ? 'met' : 'NOT met'}`,
    );
    console.log(`all acknowledged within 3 s: ${a.inTime === a.n && a.ok === a.n ? 'yes' : 'NO'}`);
    console.log(
      `sipbot answered ${a.n - deferred} in the ack and ${deferred} through response_url after "Working on it"; the last answer ${allAnswered.toFixed(1)} s after the first request`,
    );

    printLockRun(await lockedRun(ours, stub));
    await quiet(stub);
    printEscalations(ours, await escalationRun(ours));
  } finally {
    await ours.stop();
    await bare.stop();
    ours.cleanup();
    await stub.close();
  }
}
