import { REST } from '@discordjs/rest';
import { WebClient } from '@slack/web-api';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';

// The fakes must refuse what the platforms refuse, or the end-to-end tests prove nothing.
describe('Slack fake enforces Block Kit limits', () => {
  let slack: SlackFake;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startSlackFake();
    client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.close());

  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('accepts a valid message and returns its ts', async () => {
    const r = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [section('hello')] });
    expect(r.ok).toBe(true);
    expect(slack.messages.at(-1)?.ts).toBe(r.ts);
  });

  it.each([
    ['51 blocks', Array.from({ length: 51 }, () => section('x')), 'invalid_blocks'],
    ['a 3001-character section', [section('x'.repeat(3001))], 'invalid_blocks'],
    [
      '11 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      'invalid_blocks',
    ],
    [
      'a 151-character header',
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      'invalid_blocks',
    ],
    [
      'duplicate action_ids',
      [
        {
          type: 'actions',
          elements: [1, 2].map(() => ({
            type: 'button',
            text: { type: 'plain_text', text: 'b' },
            action_id: 'a',
            value: 'v',
          })),
        },
      ],
      'invalid_blocks',
    ],
    [
      'a 2001-character button value',
      [
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'a', value: 'v'.repeat(2001) },
          ],
        },
      ],
      'invalid_blocks',
    ],
    [
      '13k characters over 5 sections',
      Array.from({ length: 5 }, () => section('y'.repeat(2600))),
      'msg_blocks_too_long',
    ],
  ])('refuses %s', async (_name, blocks, error) => {
    await expect(client.chat.postMessage({ channel: 'C1', text: 't', blocks: blocks as never })).rejects.toMatchObject({
      data: { error },
    });
  });

  it('refuses a bot call without a token and an unknown trigger_id', async () => {
    const anon = new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await expect(anon.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_authed' },
    });
    await expect(
      client.views.open({
        trigger_id: 'nope',
        view: { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: [] },
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
  });

  it('Socket Mode: says hello, and fails an envelope nobody acks within the deadline', async () => {
    const late = await startSlackFake({ ackDeadlineMs: 100 });
    const open = (await (
      await fetch(late.apiUrl + 'apps.connections.open', {
        method: 'POST',
        headers: { authorization: `Bearer ${late.appToken}` },
      })
    ).json()) as { url: string };
    const ws = new WebSocket(open.url);
    try {
      const [hello] = (await once(ws, 'message')) as [Buffer];
      expect(JSON.parse(String(hello))).toMatchObject({ type: 'hello' });
      await expect(late.sendEnvelope('slash_commands', late.slashCommandBody('403').fields)).rejects.toThrow(
        /not acknowledged within 100 ms/,
      );
    } finally {
      ws.close();
      await late.close();
    }
  });

  it('uploads a file the way filesUploadV2 does and shares it in the channel', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await client.filesUploadV2({ channel_id: 'C1', file: png, filename: 'chart.png', initial_comment: 'chart' });
    const shared = slack.messages.find((m) => m.files?.[0]?.filename === 'chart.png');
    expect(shared?.files?.[0]?.bytes).toBe(png.length);
  });
});

describe('Discord fake enforces message and command limits', () => {
  let discord: DiscordFake;
  let rest: REST;
  beforeAll(async () => {
    discord = await startDiscordFake();
    rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  });
  afterAll(() => discord.close());
  const post = (body: unknown) => rest.post(`/channels/${discord.channelId}/messages`, { body });

  it('accepts a valid embed', async () => {
    await expect(post({ embeds: [{ title: 't', description: 'd' }] })).resolves.toMatchObject({
      channel_id: discord.channelId,
    });
  });

  it.each([
    [
      '6001 characters across embeds',
      { embeds: [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(2001) }] },
    ],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }],
    [
      'a 101-character custom_id',
      { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'c'.repeat(101) }] }] },
    ],
    [
      '6 action rows',
      {
        components: Array.from({ length: 6 }, (_, i) => ({
          type: 1,
          components: [{ type: 2, style: 1, label: 'x', custom_id: `c${i}` }],
        })),
      },
    ],
    ['a 2001-character content', { content: 'c'.repeat(2001) }],
  ])('refuses %s with 50035', async (_n, body) => {
    await expect(post(body)).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('enforces the interaction callback rules: one callback, within 3 s', async () => {
    // A deadline long enough for the first callback on a loaded machine, short enough to wait out.
    const late = await startDiscordFake({ callbackDeadlineMs: 1000 });
    try {
      const noAuth = new REST({ api: late.apiUrl, retries: 0 });
      const cb = (id: string) =>
        noAuth.post(`/interactions/${id}/${late.tokenOf(id)}/callback`, {
          auth: false,
          body: { type: 4, data: { content: 'hi' } },
        });
      const first = late.sendCommand('help');
      await cb(first);
      await expect(cb(first)).rejects.toMatchObject({ code: 40060 });
      const slow = late.sendCommand('help');
      await new Promise((r) => setTimeout(r, 1100));
      await expect(cb(slow)).rejects.toMatchObject({ code: 10062, status: 404 });
    } finally {
      await late.close();
    }
  });

  it('refuses an empty message with 50006 and a bad command name with 50035', async () => {
    await expect(post({})).rejects.toMatchObject({ code: 50006 });
    await expect(
      rest.put(`/applications/${discord.applicationId}/commands`, { body: [{ name: 'Sip', description: 'x' }] }),
    ).rejects.toMatchObject({ code: 50035 });
  });
});
