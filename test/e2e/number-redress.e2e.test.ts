import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import { RedressFollowUp } from '../../src/core/redress/follow-up.js';
import { getRedress } from '../../src/store/redress.js';
import {
  discordEnv,
  slackEnv,
  startBot,
  startDiscordFake,
  startSlackFake,
  type DiscordFake,
  type RunningBot,
  type SlackFake,
} from '../fakes/index.js';
import { validateMessage } from '../fakes/discord-limits.js';
import { validateBlocks } from '../fakes/slack-blocks.js';
import { testCtx } from '../helpers/ctx.js';
import { background, seedHistory } from '../core/number/history.js';

type J = Record<string, unknown>;
const NOW = '2026-11-21T12:00:00Z';
const N = '+12125550123';
const DAY = 86_400_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const text = (x: unknown): string => JSON.stringify(x ?? []);
const buttonsOf = (blocks: unknown): J[] =>
  (blocks as J[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);
const label = (b: J): string => String((b.text as J).text);
const dataOf = (r: { body: J }): J => (r.body.data as J | undefined) ?? r.body;
const embeds = (d: J): J[] => (d.embeds as J[] | undefined) ?? [];
const dButtons = (d: J): J[] => ((d.components as J[] | undefined) ?? []).flatMap((row) => row.components as J[]);

// The real registry, Bolt and discord.js against the fakes: a number refused on two routes for
// ten days, its card with the chart, the redress form, the mark, and the follow-up in the thread.
describe('number health and redress in Slack and Discord', () => {
  let slack: SlackFake;
  let discord: DiscordFake;
  let bot: RunningBot;
  const ctx = testCtx({ now: NOW });

  beforeAll(async () => {
    seedHistory(ctx.db, Date.parse(NOW) + 20 * DAY, 50, [
      ...background(['east', 'west']),
      {
        number: N,
        routes: {
          east: (d) => ({
            calls: 80,
            blocked: d >= 10 && d < 32 ? 50 : 0,
            code: 603,
            reasonHeader: 'SIP;cause=603;text="v=analytics1;url=https://www.hiya.com/redress;id=HY-5";location=RLN',
          }),
          west: (d) => ({ calls: 80, blocked: d >= 10 && d < 32 ? 45 : 0 }),
        },
      },
    ]);
    slack = await startSlackFake();
    discord = await startDiscordFake();
    Object.assign(ctx, {
      config: loadConfig({ SIPBOT_DB: ':memory:', ...slackEnv(slack, 'http'), ...discordEnv(discord) }),
    });
    await registerDiscordCommands(ctx.config, commands, discord.guildId, 0);
    bot = await startBot(ctx);
  }, 60_000);
  afterAll(async () => {
    await bot.stop();
    await slack.close();
    await discord.close();
  });

  it('Slack: /sip number answers with the card and uploads its chart; the redress form is pre-filled; the follow-up lands in the thread', async () => {
    const r = await slack.sendSlashCommand(bot.slackEventsUrl!, `number ${N}`);
    expect(r.timedOut).toBe(false);
    const id = String(r.fields.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id), 15_000);
    expect(validateBlocks(resp.body.blocks)).toBeNull();
    expect(text(resp.body.blocks)).toContain(`Number health ${N}: remediate it`);
    expect(text(resp.body.blocks)).toContain('still refused');
    const file = await slack.waitFor(
      () => slack.messages.find((m) => m.files?.some((f) => f.filename === 'number-12125550123.png')),
      15_000,
    );
    const upload = [...slack.uploads.values()].find((u) => u.filename === file.files![0]!.filename)!;
    expect(upload.bytes!.subarray(0, 4).equals(PNG)).toBe(true);

    const prepare = buttonsOf(resp.body.blocks).find((b) => label(b).startsWith('Prepare redress'))!;
    expect(prepare.value).toBe(`${N}|hiya`);
    await slack.sendInteraction(
      bot.slackEventsUrl!,
      slack.blockActionsPayload({ action_id: String(prepare.action_id), value: String(prepare.value) }),
    );
    const view = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'redress.submit'), 15_000);
    expect(text(view)).toContain('Hiya (AT&T, Samsung)');
    const sub = await slack.sendInteraction(
      bot.slackEventsUrl!,
      slack.viewSubmissionPayload(view, {
        engine: 'hiya',
        business: 'Acme Dental',
        url: 'https://acme.example',
        contact: 'Jane Roe, jane@acme.example, +15125550100',
        purpose: 'Informational/Notification',
      }),
    );
    expect(sub.status).toBe(200);
    const made = await slack.waitFor(
      () => slack.responses.find((m) => text(m.body.blocks).includes('Redress #1: +12125550123 to hiya')),
      15_000,
    );
    expect(text(made.body.blocks)).toContain('Business: Acme Dental');
    expect(text(made.body.blocks)).toContain('sipbot does not send it');
    await slack.waitFor(() => [...slack.uploads.values()].some((u) => u.filename === 'redress-1-hiya.txt'), 15_000);

    const submitted = buttonsOf(made.body.blocks).find((b) => label(b) === 'I submitted it')!;
    await slack.sendInteraction(
      bot.slackEventsUrl!,
      slack.blockActionsPayload({ action_id: String(submitted.action_id), value: String(submitted.value) }),
    );
    const refView = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'redress.marked'), 15_000);
    await slack.sendInteraction(
      bot.slackEventsUrl!,
      slack.viewSubmissionPayload(refView, { reference: 'HY-TICKET-9' }),
    );
    await slack.waitFor(
      () => slack.responses.find((m) => text(m.body.blocks).includes('Marked submitted (ref HY-TICKET-9)')),
      15_000,
    );
    expect(getRedress(ctx.db, 1)).toMatchObject({
      status: 'submitted',
      reference: 'HY-TICKET-9',
      platform: 'slack',
      channelId: slack.channelId,
    });

    const followUp = new RedressFollowUp(ctx, bot.posters);
    ctx.clock.advance(3 * DAY);
    expect(await followUp.tick()).toBe(1);
    const first = slack.messages.find((m) => text(m.blocks).includes('Redress #1 (hiya) for +12125550123, day 3'))!;
    expect(first.channel).toBe(slack.channelId);
    expect(validateBlocks(first.blocks)).toBeNull();
    ctx.clock.advance(4 * DAY);
    expect(await followUp.tick()).toBe(1);
    const second = slack.messages.find((m) => text(m.blocks).includes('for +12125550123, day 7'))!;
    expect(second.thread_ts).toBe(first.ts);
    expect(text(second.blocks)).toContain('recovered');
  });

  it('Discord: /sip number edits in the card with the chart attached; the redress form opens as a modal', async () => {
    const id = discord.sendCommand('number', { number: N });
    const list = await discord.waitFor(() => discord.responsesFor(id).length >= 2 && discord.responsesFor(id), 15_000);
    const edit = list[1]!;
    expect(
      validateMessage(
        edit.body,
        edit.files.map((f) => f.name),
      ),
    ).toBeNull();
    // The Slack test moved the clock past the recovery: the card now says so.
    expect(embeds(edit.body)[0]?.title).toBe(`Number health ${N}: keep using it`);
    expect(text(embeds(edit.body))).toContain('recovered 2026-11-24');
    expect(text(embeds(edit.body))).toContain('#1 hiya: submitted');
    const png = edit.files.find((f) => f.name === 'number-12125550123.png');
    expect(png?.bytes.subarray(0, 4).equals(PNG)).toBe(true);

    const rid = discord.sendCommand('redress', { text: `${N} first-orion` });
    const modal = await discord.waitFor(() => discord.responsesFor(rid).find((x) => x.type === 9), 15_000);
    const form = modal.body.data as J;
    expect(form.custom_id).toBe(`redress.submit|${N}`);
    // Pre-filled from the business profile Slack's form saved.
    expect(text(form.components)).toContain('Acme Dental');
    const done = discord.submitModal(String(form.custom_id), {
      engine: 'first-orion',
      business: 'Acme Dental',
      url: '',
      contact: 'Jane Roe',
      purpose: 'informational',
    });
    const res = await discord.waitFor(
      () => discord.responsesFor(done).length > 0 && discord.responsesFor(done),
      15_000,
    );
    const body = dataOf(res.at(-1)!);
    expect(embeds(body)[0]?.title).toBe('Redress #2: +12125550123 to first-orion');
    const files = res.flatMap((x) => x.files.map((f) => f.name)).sort();
    expect(files).toEqual(['first-orion-2125550123.csv', 'redress-2-first-orion.txt']);
    expect(dButtons(body).map((b) => b.label)).toEqual(['I submitted it', 'Resolved', 'Rejected']);
  });
});
