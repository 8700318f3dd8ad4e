import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actions, modals } from '../../../commands/escalate.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import type { Ctx, Invoker } from '../../../src/context.js';
import { EscalationWorker } from '../../../src/core/escalation/worker.js';
import { signWebhook } from '../../../src/core/escalation/webhook.js';
import { silentLogger } from '../../../src/log.js';
import { openDb } from '../../../src/store/db.js';
import { listOutbox } from '../../../src/store/outbox.js';
import { RecordingPoster } from './recording-poster.js';

const MIN = 60_000;
const REQ: Invoker = { platform: 'slack', userId: 'UREQ', userName: 'ana', channelId: 'COPS' };
const submit = modals.find((m) => m.action === 'escalate.submit')!;
const ack = actions.find((a) => a.action === 'escalate.ack')!;

/** A real HTTP receiver on 127.0.0.1 that answers 503 to the first `failures` requests. */
async function receiver(failures: number): Promise<{
  url: string;
  hits: Array<{ headers: IncomingHttpHeaders; body: string; status: number }>;
  close: () => Promise<void>;
}> {
  const hits: Array<{ headers: IncomingHttpHeaders; body: string; status: number }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const status = hits.length < failures ? 503 : 200;
      hits.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sipbot`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function ctxOn(path: string, clock: ManualClock, env: Record<string, string>): Ctx {
  return { db: openDb(path), clock, log: silentLogger, config: loadConfig({ SIPBOT_DB: path, ...env }) };
}

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('escalation worker', () => {
  it('reminds an unacknowledged escalation once per interval, and stops once acknowledged', async () => {
    const clock = new ManualClock(new Date('2026-11-21T09:00:00Z'));
    const ctx = ctxOn(':memory:', clock, {
      SIPBOT_ESCALATION_CHANNEL: 'slack:CEXPERTS',
      SIPBOT_ESCALATION_REMIND_MINUTES: '30',
    });
    const slack = new RecordingPoster('slack');
    const worker = new EscalationWorker(ctx, [slack]);
    await submit.run('|*', { subject: 'all calls', urgency: 'high', tried: '', contact: '' }, { ctx, invoker: REQ });
    await worker.tick();
    const reminders = () => slack.posts.filter((p) => p.reply.title.startsWith('Reminder'));

    clock.advance(29 * MIN);
    await worker.tick();
    expect(reminders()).toHaveLength(0);
    clock.advance(1 * MIN);
    await worker.tick();
    await worker.tick();
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.target).toEqual({ platform: 'slack', channelId: 'CEXPERTS', threadId: 'slack-m1' });
    expect(reminders()[0]!.reply.blocks[0]).toMatchObject({ text: expect.stringContaining('has waited 30 min') });
    clock.advance(10 * MIN);
    await worker.tick();
    expect(reminders()).toHaveLength(1);
    // Down for two hours: one reminder for the interval we are in, not four.
    clock.advance(120 * MIN);
    await worker.tick();
    expect(reminders()).toHaveLength(2);
    await ack.run('1', { ctx, invoker: { ...REQ, userId: 'UEXPERT', channelId: 'CEXPERTS' } });
    clock.advance(300 * MIN);
    await worker.tick();
    expect(reminders()).toHaveLength(2);
  });

  it('retries a webhook the endpoint refused, with back-off, then delivers it once, signed', async () => {
    const hook = await receiver(2);
    closers.push(hook.close);
    const clock = new ManualClock(new Date('2026-11-21T09:00:00Z'));
    const ctx = ctxOn(':memory:', clock, {
      SIPBOT_ESCALATION_WEBHOOK_URL: hook.url,
      SIPBOT_ESCALATION_WEBHOOK_SECRET: 'shh',
    });
    const worker = new EscalationWorker(ctx, [], { baseBackoffMs: 30_000 });
    await submit.run(
      '|+12125550123',
      { subject: '+12125550123', urgency: 'urgent', tried: 'x', contact: '' },
      { ctx, invoker: REQ },
    );

    expect(await worker.tick()).toMatchObject({ retried: 1, sent: 0 });
    expect(await worker.tick()).toMatchObject({ retried: 0, sent: 0 }); // not due yet
    clock.advance(30_000);
    expect(await worker.tick()).toMatchObject({ retried: 1 });
    clock.advance(59_000);
    expect(await worker.tick()).toMatchObject({ retried: 0, sent: 0 }); // second back-off is 60 s
    clock.advance(1_000);
    expect(await worker.tick()).toMatchObject({ sent: 1 });
    clock.advance(3_600_000);
    await worker.tick();

    expect(hook.hits.map((h) => h.status)).toEqual([503, 503, 200]);
    const ok = hook.hits[2]!;
    expect(new Set(hook.hits.map((h) => h.headers['x-sipbot-event-id']))).toEqual(new Set(['esc-1-ev-1']));
    expect(ok.headers['idempotency-key']).toBe('esc-1-ev-1');
    const ts = Number(ok.headers['x-sipbot-timestamp']);
    const expected = 'sha256=' + createHmac('sha256', 'shh').update(`${ts}.${ok.body}`).digest('hex');
    expect(ok.headers['x-sipbot-signature']).toBe(expected);
    expect(signWebhook('shh', ts, ok.body)).toBe(expected);
    const body = JSON.parse(ok.body) as { event: string; escalation: { id: number; urgency: string }; bundle: unknown };
    expect(body).toMatchObject({
      event: 'escalation.created',
      event_id: 'esc-1-ev-1',
      escalation: { id: 1, urgency: 'urgent' },
    });
    expect(body.bundle).toBeTruthy();
    expect(listOutbox(ctx.db, { kind: 'webhook' })).toEqual([
      expect.objectContaining({ attempts: 3, sentMs: expect.any(Number), lastError: null }),
    ]);
  });

  it('survives a restart with an undelivered webhook and post: the new process delivers each, once', async () => {
    const hook = await receiver(1);
    closers.push(hook.close);
    const path = join(mkdtempSync(join(tmpdir(), 'sipbot-esc-')), 'bot.db');
    const env = {
      SIPBOT_ESCALATION_WEBHOOK_URL: hook.url,
      SIPBOT_ESCALATION_WEBHOOK_SECRET: 'shh',
      SIPBOT_ESCALATION_CHANNEL: 'slack:CEXPERTS',
    };
    const clock = new ManualClock(new Date('2026-11-21T09:00:00Z'));
    const first = ctxOn(path, clock, env);
    await submit.run('|*', { subject: '', urgency: 'normal', tried: '', contact: '' }, { ctx: first, invoker: REQ });
    const w1 = new EscalationWorker(first, []); // this process has no Slack connection
    expect(await w1.tick()).toMatchObject({ retried: 2, sent: 0 });
    await w1.stop();
    first.db.close();

    clock.advance(5 * MIN);
    const second = ctxOn(path, clock, env);
    closers.push(() => {
      second.db.close();
    });
    const slack = new RecordingPoster('slack');
    const w2 = new EscalationWorker(second, [slack]);
    expect(await w2.tick()).toMatchObject({ sent: 2 });
    expect(slack.posts.map((p) => p.reply.title)).toEqual(['Escalation #1: all calls (normal)']);
    clock.advance(60 * MIN);
    await w2.tick();
    expect(hook.hits.map((h) => h.status)).toEqual([503, 200]);
    expect(listOutbox(second.db, { kind: 'webhook' })[0]).toMatchObject({ attempts: 2, sentMs: expect.any(Number) });
  });

  it('gives up on a permanent refusal (4xx) instead of retrying forever', async () => {
    const server = createServer((_req, res) => res.writeHead(410).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gone`;
    const clock = new ManualClock(new Date('2026-11-21T09:00:00Z'));
    const ctx = ctxOn(':memory:', clock, { SIPBOT_ESCALATION_WEBHOOK_URL: url });
    await submit.run('|*', { subject: '', urgency: 'low', tried: '', contact: '' }, { ctx, invoker: REQ });
    expect(await new EscalationWorker(ctx, []).tick()).toMatchObject({ failed: 1 });
    expect(listOutbox(ctx.db)[0]).toMatchObject({ lastError: 'HTTP 410', failedMs: expect.any(Number) });
  });
});
