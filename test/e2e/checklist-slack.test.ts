import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscalationWorker } from '../../src/core/escalation/worker.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import { getEscalation } from '../../src/store/escalations.js';
import { slackEnv, startBot, startSlackFake, type RunningBot, type SlackFake } from '../fakes/index.js';
import { validateBlocks } from '../fakes/slack-blocks.js';
import { testCtx } from '../helpers/ctx.js';

type J = Record<string, unknown>;
const NOW = '2026-11-21T00:00:00Z';
const text = (blocks: unknown): string => JSON.stringify(blocks ?? []);
const buttonsOf = (blocks: unknown): J[] =>
  (blocks as J[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);
const label = (b: J): string => String((b.text as J).text);

// The real registry and Bolt (HTTP mode) against the Slack fake: /sip check to a verdict, then
// an escalation through its modal, routed, refused for a non-expert, acknowledged, resolved.
describe('checklist and escalation through Slack', () => {
  let slack: SlackFake;
  let bot: RunningBot;
  let url: string;
  let worker: EscalationWorker;
  let verdict: J[] = [];
  const ctx = testCtx({ now: NOW, env: {} });

  beforeAll(async () => {
    slack = await startSlackFake();
    Object.assign(
      ctx.config,
      testCtx({
        env: { ...slackEnv(slack, 'http'), SIPBOT_ESCALATION_CHANNEL: 'slack:C0EXPERTS', SIPBOT_EXPERTS: 'U0EXPERT' },
      }).config,
    );
    generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 3000, plantDays: 2, seed: 11 });
    bot = await startBot(ctx);
    url = bot.slackEventsUrl!;
    worker = new EscalationWorker(ctx, bot.posters);
  });
  afterAll(async () => {
    await worker.stop();
    await bot.stop();
    await slack.close();
  });

  async function press(button: J, over: J = {}): Promise<J> {
    const payload = slack.blockActionsPayload(
      { action_id: String(button.action_id), value: String(button.value) },
      over,
    );
    expect((await slack.sendInteraction(url, payload)).status).toBe(200);
    const id = String(payload.response_url).split('/').pop();
    return (await slack.waitFor(() => slack.responses.find((r) => r.id === id))).body;
  }

  it('walks /sip check +1 212 555 0123 from step 1 to the reputation verdict with button presses, in place', async () => {
    const r = await slack.sendSlashCommand(url, 'check +12125550123');
    expect(r.status).toBe(200);
    expect(r.timedOut).toBe(false);
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    expect(text(r.json?.blocks)).toContain('Credentials and registration');
    let blocks = r.json?.blocks as J[];
    let presses = 0;
    while (buttonsOf(blocks).some((b) => label(b) === 'Yes')) {
      const btns = buttonsOf(blocks);
      // Agree with the data where it answers (its button is primary), else "Not sure".
      const pick = btns.find((b) => b.style === 'primary') ?? btns.find((b) => label(b).startsWith('Not sure'))!;
      const body = await press(pick);
      expect(body.replace_original).toBe(true);
      expect(validateBlocks(body.blocks)).toBeNull();
      blocks = body.blocks as J[];
      presses++;
    }
    expect(presses).toBeGreaterThanOrEqual(10);
    verdict = blocks;
    expect(text(blocks)).toContain('Verdict: Reputation');
    expect(text(blocks)).toContain('freecallerregistry.com');
    expect(text(blocks)).toMatch(/other numbers on those routes are fine|Transcript/);
  });

  it("escalates from the verdict through the modal; the escalation reaches the experts' channel with its evidence", async () => {
    const ask = buttonsOf(verdict).find((b) => label(b) === 'Ask an expert')!;
    expect(ask.value).toBe('w:1');
    await slack.sendInteraction(
      url,
      slack.blockActionsPayload({ action_id: String(ask.action_id), value: String(ask.value) }),
    );
    const view = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'escalate.submit'));
    const sub = await slack.sendInteraction(
      url,
      slack.viewSubmissionPayload(view, {
        subject: SUBJECTS.reputation,
        urgency: 'high',
        tried: 'Registered with FCR last week',
        contact: 'ana@example.com',
      }),
    );
    expect(sub.status).toBe(200);
    // Answered through the response_url of the press that opened the form: it reaches private channels and DMs too.
    const receipt = await slack.waitFor(() =>
      slack.responses.find((m) => text(m.body.blocks).includes('Escalation #1 opened')),
    );
    expect(receipt.body.response_type).toBe('in_channel');
    expect(slack.messages.some((m) => text(m.blocks).includes('Escalation #1 opened'))).toBe(false);
    await slack.waitFor(() => [...slack.uploads.values()].some((u) => u.filename === 'escalation-1.json'));
    // A second submission of the same form (a double click) makes no second escalation.
    await slack.sendInteraction(
      url,
      slack.viewSubmissionPayload(
        { ...view, hash: 'again' },
        { subject: SUBJECTS.reputation, urgency: 'high', tried: '', contact: '' },
      ),
    );
    await slack.waitFor(() =>
      slack.responses.find((m) => text(m.body.blocks).includes('Escalation #1 is already open')),
    );

    expect((await worker.tick()).sent).toBe(1);
    const posted = slack.messages.find((m) => m.channel === 'C0EXPERTS')!;
    expect(validateBlocks(posted.blocks)).toBeNull();
    expect(text(posted.blocks)).toContain('Escalation #1: +12125550123 (high)');
    expect(text(posted.blocks)).toContain('Registered with FCR last week');
    expect(buttonsOf(posted.blocks).map(label)).toEqual([
      'Acknowledge',
      'Assign to me',
      'Resolve',
      'Evidence (JSON, CSV)',
      'Show calls',
    ]);
  });

  it('refuses a non-expert politely, lets the expert acknowledge and resolve, and tells the requester', async () => {
    const posted = slack.messages.find((m) => m.channel === 'C0EXPERTS')!;
    const ackBtn = buttonsOf(posted.blocks).find((b) => label(b) === 'Acknowledge')!;
    const inExperts = { channel: { id: 'C0EXPERTS', name: 'sip-experts' } };
    const refused = await press(ackBtn, {
      ...inExperts,
      user: { id: 'U0NOSY', username: 'nosy', team_id: slack.teamId },
    });
    expect(refused.response_type).toBe('ephemeral');
    expect(text(refused.blocks)).toContain('Only the escalation experts can do that');
    expect(getEscalation(ctx.db, 1)!.status).toBe('open');

    const acked = await press(ackBtn, {
      ...inExperts,
      user: { id: 'U0EXPERT', username: 'bo', team_id: slack.teamId },
    });
    expect(acked.replace_original).toBe(true);
    expect(text(acked.blocks)).toContain('Acknowledged');
    const resolve = buttonsOf(acked.blocks).find((b) => label(b) === 'Resolve')!;
    const done = await press(resolve, {
      ...inExperts,
      user: { id: 'U0EXPERT', username: 'bo', team_id: slack.teamId },
    });
    expect(text(done.blocks)).toContain('Resolved');
    expect(getEscalation(ctx.db, 1)!.status).toBe('resolved');

    await worker.tick();
    const told = slack.messages.filter(
      (m) => m.channel === slack.channelId && /Escalation #1 (acknowledged|resolved)/.test(text(m.blocks)),
    );
    expect(told.map((m) => (text(m.blocks).includes('resolved') ? 'resolved' : 'acknowledged'))).toEqual([
      'acknowledged',
      'resolved',
    ]);
  });

  it("reminds the experts in the escalation's thread after the configured time (injected clock), and retries the webhook until it is delivered once", async () => {
    const hits: Array<{ status: number; id: string | undefined }> = [];
    const hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = hits.length === 0 ? 500 : 204;
        hits.push({ status, id: req.headers['x-sipbot-event-id'] as string | undefined });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    ctx.config.escalation.webhookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/escalations`;
    ctx.config.escalation.webhookSecret = 'shared-secret';
    try {
      const r = await slack.sendSlashCommand(url, `escalate ${SUBJECTS.velocity} bursts refused since 3pm`);
      expect(r.status).toBe(200);
      const view = await slack.waitFor(() =>
        slack.views.find(
          (v) => v.callback_id === 'escalate.submit' && String(v.private_metadata).includes(SUBJECTS.velocity),
        ),
      );
      await slack.sendInteraction(
        url,
        slack.viewSubmissionPayload(view, {
          subject: SUBJECTS.velocity,
          urgency: 'normal',
          tried: 'bursts refused since 3pm',
          contact: '',
        }),
      );
      await slack.waitFor(() => slack.responses.find((m) => text(m.body.blocks).includes('Escalation #2 opened')));
      await slack.waitFor(
        () =>
          [...slack.uploads.values()].some((u) => u.filename === 'escalation-2.csv') &&
          slack.ok('files.completeUploadExternal').length >= 2,
      );
      await worker.tick();
      const post = await slack.waitFor(() =>
        slack.messages.find((m) => m.channel === 'C0EXPERTS' && text(m.blocks).includes('Escalation #2')),
      );
      expect(hits.map((h) => h.status)).toEqual([500]);

      ctx.clock.advance(ctx.config.escalation.remindMinutes * 60_000);
      await worker.tick();
      const reminder = await slack.waitFor(() =>
        slack.messages.find((m) => text(m.blocks).includes('Reminder: escalation #2 is not acknowledged')),
      );
      expect(reminder).toMatchObject({ channel: 'C0EXPERTS', thread_ts: post.ts });
      expect(hits.map((h) => h.status)).toEqual([500, 204]);
      await worker.tick();
      ctx.clock.advance(10 * 60_000);
      await worker.tick();
      expect(slack.messages.filter((m) => text(m.blocks).includes('Reminder: escalation #2'))).toHaveLength(1);
      expect(hits.map((h) => h.status)).toEqual([500, 204]);
      expect(hits[0]!.id).toMatch(/^esc-2-ev-\d+$/);
      expect(hits[1]!.id).toBe(hits[0]!.id);
    } finally {
      delete ctx.config.escalation.webhookUrl;
      await new Promise((r) => hook.close(r));
    }
  });
});
