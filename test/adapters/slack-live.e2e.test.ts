import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDef, CommandDef } from '../../commands/types.js';
import { withExtras } from '../../src/adapters/shared/commands.js';
import { mention, type Reply } from '../../src/reply.js';
import { testCtx } from '../helpers/ctx.js';
import { slackEnv, startBot, startSlackFake, type RunningBot, type SlackFake } from '../fakes/index.js';
import { validateBlocks } from '../fakes/slack-blocks.js';

type J = Record<string, unknown>;
const allText = (blocks: unknown): string => JSON.stringify(blocks);

const cmd = (name: string, run: CommandDef['run']): CommandDef => ({
  name,
  summary: `test ${name}`,
  usage: `/sip ${name}`,
  examples: [],
  options: [],
  run,
});

/** What failed live in Slack (issue 12), each driven through the real Bolt against the fake. */
const source = withExtras({
  commands: [
    cmd('att', () => ({
      title: 'Routes',
      blocks: [
        { kind: 'table', columns: ['route', 'refused'], rows: [['AT&T <east>', '12']] },
        { kind: 'text', text: 'AT&T <east> refuses 12 of 40' },
      ],
    })),
    cmd('mention', (_a, env) => ({
      title: 'Escalation #1',
      blocks: [
        {
          kind: 'text',
          text: `Asked by ${mention(env.invoker.platform, env.invoker.userId, env.invoker.userName)}, for ${mention('discord', '1400', 'bo')}`,
        },
      ],
    })),
    cmd('evidence', () => ({
      title: 'Evidence',
      ephemeral: true,
      blocks: [{ kind: 'text', text: 'frozen' }],
      files: [
        { filename: 'escalation-9.json', content: Buffer.from('{"id":9}'), contentType: 'application/json' },
        { filename: 'escalation-9.csv', content: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv' },
      ],
    })),
    cmd('nobutton', () => ({
      title: 'Check',
      blocks: [],
      buttons: [{ label: 'Start', action: 'test.echo', value: '' }],
    })),
    cmd('chart', () => ({
      title: 'Daily 403 digest',
      blocks: [{ kind: 'text', text: '310 of 43,200 calls refused' }],
      image: { filename: 'digest.png', png: Buffer.from([0x89, 0x50, 0x4e, 0x47]), alt: '403s per hour' },
    })),
    cmd('many', () => ({
      title: 'Findings',
      blocks: [],
      buttons: Array.from({ length: 40 }, (_, i) => ({ label: `finding ${i}`, action: 'test.echo', value: `f${i}` })),
    })),
  ],
  actions: [
    { action: 'test.echo', run: (value) => ({ title: `Echo ${value || '(empty)'}`, blocks: [] }) } satisfies ActionDef,
  ],
});

describe('Slack details that failed live', () => {
  let slack: SlackFake;
  let bot: RunningBot;
  let url: string;
  const homeReply: Reply = {
    title: 'Status: 2 open findings',
    blocks: [{ kind: 'text', text: 'sipline: configuration since 14:10' }],
    buttons: [{ label: 'Echo', action: 'test.echo', value: 'home' }],
  };
  let homeCalls = 0;
  beforeAll(async () => {
    slack = await startSlackFake();
    bot = await startBot(testCtx({ env: slackEnv(slack, 'http') }), {
      commands: source,
      home: async () => {
        homeCalls++;
        return { ...homeReply, title: `${homeReply.title} (${homeCalls})` };
      },
    });
    url = bot.slackEventsUrl!;
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
  });

  it('escapes &, < and > in text and inside code-block tables', async () => {
    const r = await slack.sendSlashCommand(url, 'att');
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    const t = allText(r.json?.blocks);
    expect(t).toContain('AT&amp;T &lt;east&gt;  12');
    expect(t).toContain('AT&amp;T &lt;east&gt; refuses 12 of 40');
    expect(t).not.toContain('<east>');
  });

  it('renders a Slack user as a real mention and a Discord user by name', async () => {
    const r = await slack.sendSlashCommand(url, 'mention');
    const t = allText(r.json?.blocks);
    expect(t).toContain(`Asked by <@${slack.userId}>, for @bo`);
    expect(t).not.toContain('&lt;@');
  });

  it("sends the files of an ephemeral answer to the asker's DM (conversations.open + completeUploadExternal), and says so", async () => {
    const r = await slack.sendSlashCommand(url, 'evidence');
    expect(r.json?.response_type).toBe('ephemeral');
    expect(allText(r.json?.blocks)).toContain(
      'Sent to your direct messages with sipbot: escalation-9.json, escalation-9.csv',
    );
    const dm = await slack.waitFor(() => slack.messages.find((m) => m.files?.length === 2));
    expect(dm.channel).toBe(`D${slack.userId.slice(1)}`);
    expect(slack.ok('conversations.open').at(-1)?.args.users).toBe(slack.userId);
    const bytes = dm.files!.map((f) => slack.uploads.get(f.id)!.bytes!.toString());
    expect(bytes).toEqual(['{"id":9}', 'a,b\n1,2\n']);
    expect(slack.messages.some((m) => m.channel === slack.channelId && m.files)).toBe(false);
  });

  it('leaves an empty button value out (Slack refuses ""), and the press reads it back as empty', async () => {
    const r = await slack.sendSlashCommand(url, 'nobutton');
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    const button = ((r.json!.blocks as J[]).find((b) => b.type === 'actions')!.elements as J[])[0]!;
    expect(button).not.toHaveProperty('value');
    const press = slack.blockActionsPayload({ action_id: String(button.action_id), value: undefined as never });
    await slack.sendInteraction(url, press);
    const id = String(press.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id));
    expect(allText(resp.body.blocks)).toContain('Echo (empty)');
  });

  it('shows 25 buttons and puts the rest in a More actions menu; picking one presses it', async () => {
    const r = await slack.sendSlashCommand(url, 'many');
    expect(validateBlocks(r.json?.blocks)).toBeNull();
    const actions = (r.json!.blocks as J[]).filter((b) => b.type === 'actions');
    const buttons = actions.flatMap((a) => a.elements as J[]).filter((e) => e.type === 'button');
    const select = actions.flatMap((a) => a.elements as J[]).find((e) => e.type === 'static_select')!;
    expect(buttons).toHaveLength(25);
    const options = select.options as Array<{ value: string; text: { text: string } }>;
    expect(options.map((o) => o.text.text)).toEqual(Array.from({ length: 15 }, (_, i) => `finding ${i + 25}`));
    const press = slack.blockActionsPayload({ action_id: String(select.action_id), value: undefined as never }, {});
    (press.actions as J[])[0] = {
      type: 'static_select',
      action_id: select.action_id,
      block_id: 'sipbot_more_0',
      selected_option: options[3],
      action_ts: String(Date.now() / 1000),
    };
    await slack.sendInteraction(url, press);
    const id = String(press.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id));
    expect(allText(resp.body.blocks)).toContain('Echo f28');
  });

  it("answers in a private channel the bot is not in: the text through response_url, the files to the asker's DM", async () => {
    slack.notIn.add('G0PRIVATE');
    const r = await slack.sendSlashCommand(url, 'chart', {
      fields: { channel_id: 'G0PRIVATE', channel_name: 'privategroup' },
    });
    expect(r.json?.response_type).toBe('in_channel');
    expect(allText(r.json?.blocks)).toContain('Daily 403 digest');
    const dm = await slack.waitFor(() =>
      slack.messages.find((m) => m.files?.[0]?.filename === 'digest.png' && m.channel.startsWith('D')),
    );
    expect(dm.channel).toBe(`D${slack.userId.slice(1)}`);
    expect(
      slack.calls.some((c) => c.method === 'files.completeUploadExternal' && c.error === 'channel_not_found'),
    ).toBe(true);
    expect(slack.ok('chat.postMessage').some((c) => c.args.channel === 'G0PRIVATE')).toBe(false);
  });

  it('pre-fills a 1,640-character note in a field that takes it whole (Slack accepts the view)', async () => {
    const note = 'refused again '.repeat(117).trim();
    expect(note.length).toBeGreaterThan(1600);
    await slack.sendSlashCommand(url, `escalate ${note}`);
    const view = await slack.waitFor(
      () => slack.views.find((v) => v.callback_id === 'escalate.submit' && allText(v.blocks).includes('refused again')),
      15_000,
    );
    const tried = (view.blocks as J[]).find((b) => b.block_id === 'tried')!.element as J;
    expect(tried.initial_value).toBe(note);
    expect(Number(tried.max_length)).toBeGreaterThanOrEqual(note.length);
    expect(slack.calls.filter((c) => c.method === 'views.open' && !c.ok)).toEqual([]);
  });

  it('publishes the Home tab on app_home_opened, and again on Refresh and after a press there', async () => {
    const opened = {
      type: 'app_home_opened',
      user: slack.userId,
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1763900000.000200',
    };
    expect((await slack.sendEvent(url, opened)).status).toBe(200);
    const first = await slack.waitFor(() => slack.homes.find((h) => h.user === slack.userId));
    expect(first.view.type).toBe('home');
    expect(allText(first.view.blocks)).toContain('Status: 2 open findings (1)');
    const els = (first.view.blocks as J[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);
    expect(els.map((e) => (e.text as J).text)).toEqual(['Echo', 'Refresh']);

    const inHome = (el: J): J =>
      slack.blockActionsPayload(
        { action_id: String(el.action_id), value: String(el.value) },
        {
          container: { type: 'view', view_id: 'V0HOME' },
          channel: undefined,
          message: undefined,
          response_url: undefined,
          view: { id: 'V0HOME', type: 'home' },
        },
      );
    await slack.sendInteraction(url, inHome(els[1]!));
    await slack.waitFor(() => slack.homes.filter((h) => h.user === slack.userId).length === 2);
    expect(allText(slack.homes.at(-1)!.view.blocks)).toContain('(2)');

    // A Home button's answer goes to the DM with the app (no channel, no response_url), then the tab is refreshed.
    await slack.sendInteraction(url, inHome(els[0]!));
    const answer = await slack.waitFor(() =>
      slack.messages.find((m) => m.channel === slack.userId && allText(m.blocks).includes('Echo home')),
    );
    expect(answer.user).toBe('U0BOT');
    await slack.waitFor(() => slack.homes.filter((h) => h.user === slack.userId).length === 3);
  });
});

describe('Slack Home tab with the status command', () => {
  it("publishes the `status` command's answer when the commands have one", async () => {
    const slack = await startSlackFake();
    const withStatus = withExtras({
      commands: [
        cmd('status', (_a, env) => ({
          title: `Status for ${env.invoker.userId}`,
          blocks: [{ kind: 'text', text: '2 open findings today' }],
        })),
      ],
    });
    const bot = await startBot(testCtx({ env: slackEnv(slack, 'http') }), { commands: withStatus });
    try {
      await slack.sendEvent(bot.slackEventsUrl!, {
        type: 'app_home_opened',
        user: slack.userId,
        channel: 'D0HOME',
        tab: 'home',
        event_ts: '1763900000.000300',
      });
      const home = await slack.waitFor(() => slack.homes.find((h) => h.user === slack.userId));
      expect(allText(home.view.blocks)).toContain(`Status for ${slack.userId}`);
      expect(validateBlocks(home.view.blocks, { home: true })).toBeNull();
    } finally {
      await bot.stop();
      await slack.close();
    }
  });
});
