import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCtx } from '../helpers/ctx.js';
import { slackEnv, startBot, startSlackFake, testSource, type RunningBot, type SlackFake } from '../fakes/index.js';
import { validateBlocks } from '../fakes/slack-blocks.js';

type J = Record<string, unknown>;
const headerOf = (blocks: unknown): string =>
  String(((blocks as J[] | undefined)?.[0]?.text as J | undefined)?.text ?? '');

// The real Bolt in Socket Mode: apps.connections.open on the fake, then its WebSocket.
describe('Slack over Socket Mode', () => {
  let slack: SlackFake;
  let bot: RunningBot;
  beforeAll(async () => {
    slack = await startSlackFake();
    bot = await startBot(testCtx({ env: slackEnv(slack, 'socket') }), { commands: testSource, http: false });
    await slack.socketConnected();
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
  });

  it('connected with the app token, not the bot token', () => {
    const open = slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.ok).toBe(true);
    expect(open?.token).toBe(slack.appToken);
    expect(bot.lines).toContainEqual(expect.stringMatching(/^Slack: socket mode, @sipbot in Sipbot Test$/));
  });

  it('answers /sip 403 in the envelope ack within 3 s', async () => {
    const { fields } = slack.slashCommandBody('403');
    const ack = await slack.sendEnvelope('slash_commands', fields);
    expect(validateBlocks(ack.blocks)).toBeNull();
    expect(headerOf(ack.blocks)).toMatch(/403/);
  });

  it('handles a button press: empty ack, then the reply through response_url', async () => {
    const payload = slack.blockActionsPayload({ action_id: 'test.press:1', value: 'no' });
    const ack = await slack.sendEnvelope('interactive', payload);
    expect(ack).toEqual({});
    const id = String(payload.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((r) => r.id === id));
    expect(headerOf(resp.body.blocks)).toBe('Pressed no');
    expect(resp.body.replace_original).toBe(true);
  });

  it('a redelivered event (retry_attempt 1) is not answered twice', async () => {
    const before = slack.ok('chat.postMessage').length;
    const payload = {
      token: 't',
      team_id: slack.teamId,
      api_app_id: 'A0SIPBOT',
      type: 'event_callback',
      event_id: 'Ev0SOCKRETRY',
      event_time: 1763900000,
      authorizations: [{ team_id: slack.teamId, user_id: 'U0BOT', is_bot: true }],
      event: {
        type: 'app_mention',
        user: slack.userId,
        text: '<@U0BOT> help',
        ts: '1763900001.000200',
        channel: slack.channelId,
        event_ts: '1763900001.000200',
      },
    };
    await slack.sendEnvelope('events_api', payload);
    await slack.waitFor(() => slack.ok('chat.postMessage').length === before + 1);
    await slack.sendEnvelope('events_api', payload, { retryAttempt: 1 });
    // A later, different event: once its answer is in, a second answer to the redelivery would be too.
    const marker = {
      ...payload,
      event_id: 'Ev0SOCKMARK',
      event: { ...payload.event, ts: '1763900001.000300', event_ts: '1763900001.000300' },
    };
    await slack.sendEnvelope('events_api', marker);
    await slack.waitFor(() => slack.ok('chat.postMessage').some((c) => c.args.thread_ts === '1763900001.000300'));
    expect(slack.ok('chat.postMessage').length).toBe(before + 2);
    expect(slack.ok('chat.postMessage').filter((c) => c.args.thread_ts === '1763900001.000200')).toHaveLength(1);
  });
});
