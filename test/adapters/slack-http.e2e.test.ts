import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCtx } from '../helpers/ctx.js';
import { slackEnv, startBot, startSlackFake, testSource, type RunningBot, type SlackFake } from '../fakes/index.js';
import { validateBlocks } from '../fakes/slack-blocks.js';

type J = Record<string, unknown>;
const headerOf = (blocks: unknown): string => String(((blocks as J[])[0]?.text as J | undefined)?.text ?? '');
const allText = (blocks: unknown): string => JSON.stringify(blocks);

// The real Bolt (HTTPReceiver mounted on the shared fastify server) against the Slack fake.
describe('Slack over HTTP (POST /slack/events)', () => {
  let slack: SlackFake;
  let bot: RunningBot;
  let url: string;
  beforeAll(async () => {
    slack = await startSlackFake();
    bot = await startBot(testCtx({ env: slackEnv(slack, 'http') }), { commands: testSource });
    url = bot.slackEventsUrl!;
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
  });

  it('answers /sip help in the ack, ephemeral, with valid Block Kit', async () => {
    const r = await slack.sendSlashCommand(url, 'help');
    expect(r.status).toBe(200);
    expect(r.timedOut).toBe(false);
    expect(r.json?.response_type).toBe('ephemeral');
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    expect(allText(r.json?.blocks)).toContain('/sip');
  });

  it('answers /sip 403 within the 3 s deadline', async () => {
    const r = await slack.sendSlashCommand(url, '403');
    expect(r.status).toBe(200);
    expect(r.timedOut).toBe(false);
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    expect(headerOf(r.json?.blocks)).toMatch(/403/);
  });

  it('refuses a bad signature, a stale timestamp and one over 5 minutes ahead with 401, running nothing', async () => {
    const before = slack.calls.length;
    expect((await slack.sendSlashCommand(url, 'help', { secret: 'wrong-secret' })).status).toBe(401);
    expect(
      (await slack.sendSlashCommand(url, 'help', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status,
    ).toBe(401);
    expect(
      (await slack.sendSlashCommand(url, 'help', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status,
    ).toBe(401);
    // Four minutes ahead is inside Slack's window, as four minutes behind is.
    expect(
      (await slack.sendSlashCommand(url, 'help', { timestamp: Math.floor(Date.now() / 1000) + 4 * 60 })).status,
    ).toBe(200);
    expect(slack.calls.length).toBe(before);
  });

  it('presses a button: acks at once and replaces the message through response_url', async () => {
    const r = await slack.sendSlashCommand(url, 'buttons');
    const actions = (r.json?.blocks as J[]).find((b) => b.type === 'actions')!;
    const yes = (actions.elements as J[])[0]!;
    expect(yes).toMatchObject({ type: 'button', value: 'yes' });
    const press = slack.blockActionsPayload({ action_id: String(yes.action_id), value: 'yes' });
    const ack = await slack.sendInteraction(url, press);
    expect(ack.status).toBe(200);
    const resp = await slack.waitFor(() =>
      slack.responses.find((x) => x.id === String(press.response_url).split('/').pop()),
    );
    expect(resp.body.replace_original).toBe(true);
    expect(headerOf(resp.body.blocks)).toBe('Pressed yes');
  });

  it('opens a modal from a button; a UserError keeps it open, the corrected resubmission runs and answers through response_url', async () => {
    const press = slack.blockActionsPayload({ action_id: 'test.open:2', value: 'f1' });
    expect((await slack.sendInteraction(url, press)).status).toBe(200);
    const view = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'test.form'));
    expect(JSON.parse(String(view.private_metadata))).toMatchObject({
      v: 'f1',
      c: slack.channelId,
      r: press.response_url,
    });

    const bad = await slack.sendInteraction(url, slack.viewSubmissionPayload(view, { note: '' }));
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { note: 'Say what you saw.' } });

    // Slack resubmits the same view (same id and hash) after a correction: it must not be taken for a retry.
    const good = await slack.sendInteraction(
      url,
      slack.viewSubmissionPayload(view, { note: '403 on every route', urgency: 'today' }),
    );
    expect(good.status).toBe(200);
    const id = String(press.response_url).split('/').pop();
    const posted = await slack.waitFor(() =>
      slack.responses.find((m) => m.id === id && headerOf(m.body.blocks) === 'Escalation f1 filed'),
    );
    expect(allText(posted.body.blocks)).toContain('403 on every route (today)');
    // A true retry of the accepted submission is acked with nothing run (the claim is checked before the ack).
    const retry = await slack.sendInteraction(
      url,
      slack.viewSubmissionPayload(view, { note: '403 on every route', urgency: 'today' }),
    );
    expect(retry.body).toBe('');
    expect(slack.responses.filter((m) => m.id === id)).toHaveLength(1);
  });

  it('acks a slow command with "Working on it" and answers through response_url', async () => {
    const r = await slack.sendSlashCommand(url, 'slowpoke');
    expect(r.json?.text).toMatch(/^Working on/);
    const id = String(r.fields.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id));
    expect(headerOf(resp.body.blocks)).toBe('Slow answer');
  });

  it('delivers a reply too long for one answer: at most 5 messages, each valid, the whole answer attached as a file', async () => {
    const r = await slack.sendSlashCommand(url, 'long');
    expect(r.status).toBe(200);
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    const id = String(r.fields.response_url).split('/').pop();
    const upload = await slack.waitFor(() =>
      [...slack.uploads.values()].find((u) => u.filename === 'a-very-long-answer.txt' && u.bytes),
    );
    const more = slack.responses.filter((x) => x.id === id);
    expect(more.length).toBeLessThanOrEqual(4);
    for (const m of more) expect(validateBlocks(m.body.blocks)).toBeNull();
    const text = allText(r.json?.blocks) + more.map((m) => allText(m.body.blocks)).join('');
    expect(text).toContain('line 1:');
    expect(text).toMatch(/\d+ more lines in the attached a-very-long-answer\.txt/);
    expect(upload.bytes!.toString()).toContain('line 600:');
    expect(allText(more.at(-1)!.body.blocks)).toContain('"type":"actions"');
  });

  it('posts a chart: the message in the ack, the PNG through files.getUploadURLExternal/completeUploadExternal', async () => {
    const r = await slack.sendSlashCommand(url, 'chart');
    expect(r.json?.response_type).toBe('in_channel');
    const shared = await slack.waitFor(() => slack.messages.find((m) => m.files?.[0]?.filename === 'digest.png'));
    expect(shared?.channel).toBe(slack.channelId);
  });

  it('a Slack retry (X-Slack-Retry-Num) of an event does not post twice', async () => {
    const event = {
      type: 'app_mention',
      user: slack.userId,
      text: '<@U0BOT> help',
      ts: '1763900000.000100',
      channel: slack.channelId,
      event_ts: '1763900000.000100',
    };
    const before = slack.ok('chat.postMessage').length;
    expect((await slack.sendEvent(url, event, { eventId: 'Ev0RETRY1' })).status).toBe(200);
    await slack.waitFor(() => slack.ok('chat.postMessage').length === before + 1);
    expect((await slack.sendEvent(url, event, { eventId: 'Ev0RETRY1', retryNum: 1 })).status).toBe(200);
    expect(
      (await slack.sendEvent(url, event, { eventId: 'Ev0RETRY1', retryNum: 2, retryReason: 'http_error' })).status,
    ).toBe(200);
    // A later, different event is answered after the retries were handled: once its answer is
    // in, a second answer to the retried event would be too.
    const marker = { ...event, ts: '1763900000.000200', event_ts: '1763900000.000200' };
    expect((await slack.sendEvent(url, marker, { eventId: 'Ev0RETRYMARK' })).status).toBe(200);
    await slack.waitFor(() => slack.ok('chat.postMessage').some((c) => c.args.thread_ts === '1763900000.000200'));
    expect(slack.ok('chat.postMessage').length).toBe(before + 2);
    expect(slack.ok('chat.postMessage').filter((c) => c.args.thread_ts === '1763900000.000100')).toHaveLength(1);
  });

  it('a repeated slash command (same trigger_id) is acked but not run again', async () => {
    const before = slack.ok('files.completeUploadExternal').length;
    const first = await slack.sendSlashCommand(url, 'chart', { fields: { trigger_id: 'trig-dup-1' } });
    expect(first.json?.response_type).toBe('in_channel');
    await slack.waitFor(() => slack.ok('files.completeUploadExternal').length === before + 1);
    const uploads = before + 1;
    const again = await slack.sendSlashCommand(url, 'chart', { fields: { trigger_id: 'trig-dup-1' }, retryNum: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toBe('');
    // A fresh command's upload comes after anything the repeat could have started.
    await slack.sendSlashCommand(url, 'chart', { fields: { trigger_id: 'trig-dup-2' } });
    await slack.waitFor(() => slack.ok('files.completeUploadExternal').length >= uploads + 1);
    expect(slack.ok('files.completeUploadExternal').length).toBe(uploads + 1);
  });

  it('posts unprompted (Poster) and updates the same message with chat.update', async () => {
    const poster = bot.posters.find((p) => p.platform === 'slack')!;
    const ref = await poster.post(
      { platform: 'slack', channelId: 'C0POST' },
      { title: 'Escalation #4: +12125550123', blocks: [{ kind: 'text', text: 'open' }] },
    );
    const msg = slack.messages.find((m) => m.ts === ref.messageId)!;
    expect(msg.channel).toBe('C0POST');
    await poster.update(ref, { title: 'Escalation #4: resolved', blocks: [] });
    expect(msg.edited).toBe(1);
    expect(headerOf(msg.blocks)).toBe('Escalation #4: resolved');
  });

  it('shows a bug as "Something went wrong (ref ....)"', async () => {
    const r = await slack.sendSlashCommand(url, 'boom');
    expect(headerOf(r.json?.blocks)).toMatch(/^Something went wrong \(ref [0-9a-f]{1,4}\)$/);
    expect(r.json?.response_type).toBe('ephemeral');
  });

  it('refuses a form body with a charset parameter the way Bolt does (400)', async () => {
    const { body } = slack.slashCommandBody('help');
    expect(
      (await slack.postSigned(url, body, { contentType: 'application/x-www-form-urlencoded; charset=utf-8' })).status,
    ).toBe(400);
  });
});
