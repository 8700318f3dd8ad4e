import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import { EscalationWorker } from '../../src/core/escalation/worker.js';
import { RedressFollowUp } from '../../src/core/redress/follow-up.js';
import { DigestScheduler } from '../../src/core/schedule/scheduler.js';
import { silentLogger } from '../../src/log.js';
import { startServices, type Services } from '../../src/main.js';
import { openDb } from '../../src/store/db.js';
import { createToken, findToken } from '../../src/store/tokens.js';
import { dbOp } from '../../src/workers/ops.js';
import { slackEnv, startSlackFake, type SlackFake } from '../fakes/index.js';
import type { SignedResult } from '../fakes/slack-fake.js';
import { formParams, postForm, TWILIO_TOKEN } from '../http/helpers.js';
import { describeUses, recordDbUses, type DbUse } from './db-recorder.js';
import { ALERTS_CHANNEL, DIGEST_CHANNEL, REDRESS_CHANNEL, planTimerWork } from './timer-work.js';

type J = Record<string, unknown>;
const DAY = 86_400_000;
const EXPERTS = 'C0EXPERTS';
/** No timer ticks by itself during the test (only the first tick at start-up): the test ticks them. */
const NEVER_MS = 3_600_000;
const text = (blocks: unknown): string => JSON.stringify(blocks ?? []);
const buttonsOf = (blocks: unknown): J[] =>
  ((blocks as J[] | undefined) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);

/** The timers' work falls due this long after start-up: the test moves the clock past it. */
const DUE_IN_MS = 30 * 60_000;

let dir: string;
let ctx: Ctx;
let clock: ManualClock;
/** The context the services run with (ctx plus the database threads), caught from the digest scheduler's factory. */
let served: Ctx;
let digests: DigestScheduler;
let services: Services;
let slack: SlackFake;
let url: string;
let token: string;
/** Another connection, as another process (the CLI) has: the test's own reads and writes. */
let other: Database.Database;
let recorder: { uses: DbUse[]; stop(): void };
/** Prepared before recording starts, as src/store/ caches statements: running it must still be seen. */
let early: Database.Statement;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipbot-loop-db-'));
  const dbPath = join(dir, 'sipbot.db');
  slack = await startSlackFake();
  const config = loadConfig({
    SIPBOT_DB: dbPath,
    SIPBOT_HOST: '127.0.0.1',
    SIPBOT_PORT: '0',
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    SIPBOT_ESCALATION_CHANNEL: `slack:${EXPERTS}`,
    ...slackEnv(slack, 'http'),
  });
  const db = openDb(dbPath);
  generateDemo(db, { end: new Date(Math.floor(Date.now() / DAY) * DAY), days: 8, callsPerDay: 1500, seed: 12 });
  token = createToken(db, 'guard', Date.now())!.token;
  clock = new ManualClock(new Date());
  const now = clock.now().getTime();
  planTimerWork(db, config, SUBJECTS.reputation, now, now + DUE_IN_MS);
  ctx = { db, clock, log: silentLogger, config };
  services = await startServices(ctx, {
    say: () => undefined,
    platforms: { slack: { retries: 0 } },
    scheduler: (c, posters) => {
      served = c;
      digests = new DigestScheduler(c, posters, { intervalMs: NEVER_MS });
      return digests;
    },
    escalations: { intervalMs: NEVER_MS },
    alerts: { intervalMs: NEVER_MS },
  });
  url = `${services.httpUrl!}/slack/events`;
  // The alerts' first pass at start-up is over: the test's tick is a pass of its own.
  await services.alerts!.tick();
  other = new Database(dbPath);
  early = db.prepare('SELECT count(*) FROM calls');
  // From here on, anything on the event loop's connection is recorded.
  recorder = recordDbUses(db);
}, 120_000);

afterAll(async () => {
  recorder?.stop();
  other?.close();
  await services?.stop();
  ctx?.db.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The answer to a slash command or a press: the ack's blocks, or (after "Working on it") the response_url post's. */
async function answerOf(r: SignedResult, responseUrl: unknown): Promise<J[]> {
  // Not the 3 s ack deadline: bench slack measures that; here only where the query ran counts.
  expect(r.status).toBe(200);
  const acked = r.json?.blocks as J[] | undefined;
  if (acked?.length && !/Working on/.test(String(r.json?.text ?? ''))) return acked;
  const id = String(responseUrl).split('/').pop();
  const posted = await slack.waitFor(() => slack.responses.find((x) => x.id === id), 60_000);
  return posted.body.blocks as J[];
}

async function command(line: string): Promise<J[]> {
  const r = await slack.sendSlashCommand(url, line);
  return answerOf(r, r.fields.response_url);
}

async function press(action: J, channel?: string): Promise<J[]> {
  const payload = slack.blockActionsPayload(
    action as { action_id: string; value: string },
    channel ? { channel: { id: channel, name: channel.toLowerCase() } } : {},
  );
  return answerOf(await slack.sendInteraction(url, payload), payload.response_url);
}

describe('serve on a database file: the event loop never queries its own connection', () => {
  it('answers commands, presses, a form, /healthz, an upload and webhooks, and ticks every timer, with no query on ctx.db', async () => {
    // Commands, several at once as a channel sends them.
    const answers = await Promise.all(['403', '403', '403', 'patterns', 'status', 'help'].map(command));
    expect(text(answers[0])).toMatch(/403/);
    expect(text(answers[5])).toContain('/sip');

    // A button of the 403 answer.
    const show = buttonsOf(answers[0]).find((b) => /Show calls/.test(text(b.text)));
    expect(show, text(buttonsOf(answers[0]).map((b) => b.text))).toBeDefined();
    expect(await press({ action_id: show!.action_id, value: show!.value })).not.toEqual([]);

    // Events: the Home tab (the status, published with views.publish) and an @mention answered in its thread.
    const home = { type: 'app_home_opened', user: slack.userId, channel: 'D0HOME', tab: 'home', event_ts: '1.000200' };
    expect((await slack.sendEvent(url, home)).status).toBe(200);
    await slack.waitFor(() => slack.homes.find((h) => h.user === slack.userId), 60_000);
    const mention = {
      type: 'app_mention',
      user: slack.userId,
      text: '<@U0BOT> 403',
      ts: '1.000300',
      channel: slack.channelId,
      event_ts: '1.000300',
    };
    expect((await slack.sendEvent(url, mention)).status).toBe(200);
    await slack.waitFor(() => slack.ok('chat.postMessage').some((c) => c.args.thread_ts === '1.000300'), 60_000);

    // The escalation form: opened by a command, submitted, answered through the command's response_url.
    const opened = await slack.sendSlashCommand(url, `escalate ${SUBJECTS.reputation} refused since noon`);
    expect(opened.status).toBe(200);
    const view = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'escalate.submit'), 30_000);
    const submitted = await slack.sendInteraction(
      url,
      slack.viewSubmissionPayload(view, {
        subject: SUBJECTS.reputation,
        urgency: 'high',
        tried: 'refused since noon',
        contact: '',
      }),
    );
    expect(submitted.status).toBe(200);
    await slack.waitFor(() => slack.responses.find((m) => /Escalation #\d+ opened/.test(text(m.body.blocks))), 60_000);

    // HTTP: /healthz, an authenticated upload, a Twilio callback stored and one kept in rejects.
    const health = await fetch(`${services.httpUrl!}/healthz`);
    expect(health.status).toBe(200);
    const upload = await fetch(`${services.httpUrl!}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `call_id,start_time,caller,callee,route,sip_code\nguard-1,${new Date().toISOString()},+12125550123,+15125550187,telco-east,403\n`,
    });
    expect(await upload.json()).toMatchObject({ stored: 1 });
    const hook = `${services.httpUrl!}/webhooks/twilio`;
    const good = formParams('twilio-status-failed-403.form', { CallSid: 'CAguard0001' });
    const stored = await postForm(hook, good, {
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, hook, good),
    });
    expect(await stored.json()).toMatchObject({ stored: 1 });
    const bad = formParams('twilio-status-failed-403.form', { CallSid: 'CAguard0002', SipResponseCode: '' });
    const rejected = await postForm(hook, bad, {
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, hook, bad),
    });
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as { rejected?: J[] }).rejected).toHaveLength(1);

    // Each timer's tick, as serve's intervals run it, once its work is due.
    clock.advance(DUE_IN_MS + 60_000);
    const escalations = new EscalationWorker(served, services.posters);
    expect(await escalations.tick()).toMatchObject({ sent: 1, failed: 0 });
    await services.alerts!.tick();
    expect(await new RedressFollowUp(served, services.posters).tick()).toBe(1);
    expect(await digests.tick()).toHaveLength(1);
    await dbOp(served, 'pruneInteractions', clock.now().getTime() - DAY);
    for (const channel of [EXPERTS, ALERTS_CHANNEL, REDRESS_CHANNEL, DIGEST_CHANNEL])
      await slack.waitFor(() => slack.messages.some((m) => m.channel === channel), 30_000);

    // What the threads wrote is there (read through the other connection).
    expect(other.prepare("SELECT count(*) FROM calls WHERE call_id IN ('guard-1', 'CAguard0001')").pluck().get()).toBe(
      2,
    );
    expect(other.prepare("SELECT count(*) FROM rejects WHERE origin = 'webhook:twilio'").pluck().get()).toBe(1);

    // Presses on the timers' posts: the experts' Acknowledge, and a "More actions" menu. Slack
    // shows that menu past 25 buttons, which no answer of the demo data has: the press is the
    // menu's payload (an option whose value is `action|value`) for the digest's first button.
    const ack = buttonsOf(slack.messages.find((m) => m.channel === EXPERTS)!.blocks).find((b) =>
      String(b.action_id).startsWith('escalate.ack'),
    )!;
    expect(await press({ action_id: ack.action_id, value: ack.value }, EXPERTS)).not.toEqual([]);
    const first = buttonsOf(slack.messages.find((m) => m.channel === DIGEST_CHANNEL)!.blocks)[0]!;
    const option = { text: { type: 'plain_text', text: 'Show calls' }, value: `calls.show|${String(first.value)}` };
    expect(String(first.action_id)).toMatch(/^calls\.show/);
    const picked = await press(
      { type: 'static_select', action_id: 'sipbot.more:0', selected_option: option },
      DIGEST_CHANNEL,
    );
    expect(text(picked)).toMatch(/call/i);

    const uses = recorder.uses.splice(0);
    expect(uses.length, `queries on the event loop's connection:\n\n${describeUses(uses)}`).toBe(0);
  }, 180_000);

  it('the recorder sees a query on ctx.db, also through a statement prepared before it started', () => {
    early.pluck().get();
    findToken(ctx.db, token);
    const uses = recorder.uses.splice(0);
    expect(uses.map((u) => u.method)).toEqual(['statement.get', 'db.prepare', 'statement.get']);
    expect(uses[0]!.stack).toContain('event-loop-db.test.ts');
  });
});
