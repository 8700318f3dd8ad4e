import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DigestScheduler } from '../../src/core/schedule/scheduler.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { commands } from '../../commands/registry.js';
import { loadConfig } from '../../src/config.js';
import { testCtx } from '../helpers/ctx.js';
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

type J = Record<string, unknown>;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

// The real digest command and scheduler, over demo traffic, posted to both fakes with the chart.
describe('daily digest in Slack and Discord', () => {
  let slack: SlackFake;
  let discord: DiscordFake;
  let bot: RunningBot;
  const ctx = testCtx({ now: '2026-11-21T12:00:00Z' });
  beforeAll(async () => {
    generateDemo(ctx.db, { end: new Date('2026-11-21T00:00:00Z'), days: 8, callsPerDay: 3000 });
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

  it('Slack: /sip digest is acked at once, answered via response_url, and the chart uploaded to the channel', async () => {
    const r = await slack.sendSlashCommand(bot.slackEventsUrl!, 'digest 2026-11-20');
    expect(r.timedOut).toBe(false);
    expect(r.json?.text).toMatch(/^Working on/);
    const id = String(r.fields.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id), 15_000);
    expect(JSON.stringify(resp.body.blocks)).toMatch(/2026-11-20|Nov 20/);
    const file = await slack.waitFor(
      () => slack.messages.find((m) => m.files?.some((f) => f.filename.endsWith('.png'))),
      15_000,
    );
    expect(file.channel).toBe(slack.channelId);
    const upload = [...slack.uploads.values()].find((u) => u.filename === file.files![0]!.filename)!;
    expect(upload.bytes!.subarray(0, 4).equals(PNG)).toBe(true);
  });

  it('Slack: a subscription is posted by the scheduler with chat.postMessage and the chart, once', async () => {
    ctx.clock.set(new Date('2026-11-21T07:00:00Z'));
    const r = await slack.sendSlashCommand(bot.slackEventsUrl!, 'digest subscribe 08:00 UTC', {
      fields: { channel_id: 'C0DIGEST' },
    });
    const id = String(r.fields.response_url).split('/').pop();
    await slack.waitFor(() => slack.responses.find((x) => x.id === id), 15_000);
    ctx.clock.set(new Date('2026-11-21T08:01:00Z'));
    const scheduler = new DigestScheduler(ctx, bot.posters);
    const posted = await scheduler.tick();
    expect(posted.map((p) => p.digestDate)).toEqual(['2026-11-20']);
    const msg = slack.messages.find((m) => m.channel === 'C0DIGEST' && m.blocks);
    expect(msg?.ts).toBe(posted[0]!.messageId);
    expect(slack.messages.some((m) => m.channel === 'C0DIGEST' && m.files?.[0]?.filename.endsWith('.png'))).toBe(true);
    expect(await scheduler.tick()).toEqual([]);
  });

  it('Discord: /sip digest defers, then edits in the digest embed with the chart attached', async () => {
    const id = discord.sendCommand('digest', { what: '2026-11-20' });
    const list = await discord.waitFor(() => discord.responsesFor(id).length >= 2 && discord.responsesFor(id), 15_000);
    expect(list[0]!.type).toBe(5);
    const edit = list[1]!;
    expect(edit.kind).toBe('original');
    expect(
      validateMessage(
        edit.body,
        edit.files.map((f) => f.name),
      ),
    ).toBeNull();
    const png = edit.files.find((f) => f.name.endsWith('.png'));
    expect(png?.bytes.subarray(0, 4).equals(PNG)).toBe(true);
    expect(((edit.body.embeds as J[])[0]!.image as J).url).toBe(`attachment://${png!.name}`);
  });

  it('Slack: each finding carries its own actions right under it; Show calls answers with the page and uploads the CSV', async () => {
    const r = await slack.sendSlashCommand(bot.slackEventsUrl!, 'digest 2026-11-20');
    const id = String(r.fields.response_url).split('/').pop();
    const resp = await slack.waitFor(() => slack.responses.find((x) => x.id === id), 15_000);
    const blocks = resp.body.blocks as J[];
    // Every actions block follows a finding's section, and the first finding's is not at the bottom.
    const at = blocks.flatMap((b, i) => (b.type === 'actions' ? [i] : []));
    expect(at.length).toBeGreaterThanOrEqual(5);
    for (const i of at) expect(blocks[i - 1]!.type === 'context' || blocks[i - 1]!.type === 'section').toBe(true);
    expect(at[0]!).toBeLessThan(blocks.length - 3);
    const ids = at.flatMap((i) => (blocks[i]!.elements as J[]).map((e) => String(e.action_id)));
    expect(new Set(ids).size).toBe(ids.length);
    const show = (blocks[at[0]!]!.elements as J[]).find((e) => String(e.action_id).startsWith('calls.show:'))!;
    const payload = slack.blockActionsPayload({ action_id: String(show.action_id), value: String(show.value) });
    const press = await slack.sendInteraction(bot.slackEventsUrl!, payload);
    expect(press.timedOut).toBe(false);
    const url = String(payload.response_url);
    const answer = await slack.waitFor(
      () =>
        slack.responses.find(
          (x) => x.id === url.split('/').pop() && JSON.stringify(x.body.blocks ?? []).includes('newest first'),
        ),
      15_000,
    );
    expect(JSON.stringify(answer.body.blocks)).toContain('call id');
    const csv = await slack.waitFor(
      () => [...slack.uploads.values()].find((u) => u.filename.endsWith('.csv') && u.filename.startsWith('calls-')),
      15_000,
    );
    expect(csv.bytes!.toString().split('\n')[0]).toBe(
      'time_utc,caller,callee,route,sip_code,sip_reason,q850_cause,call_id,source,region,attempt',
    );
  });

  it("Discord: the findings' actions, labelled, in reading order; a row per finding when they fit", async () => {
    const id = discord.sendCommand('digest', { what: '2026-11-20' });
    const list = await discord.waitFor(() => discord.responsesFor(id).length >= 2 && discord.responsesFor(id), 15_000);
    const edit = list[1]!;
    expect(
      validateMessage(
        edit.body,
        edit.files.map((f) => f.name),
      ),
    ).toBeNull();
    const rows = (edit.body.components as J[]).map((r) =>
      (r.components as J[]).map((c) => String(c.label ?? c.placeholder)),
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]![0]).toBe('#1 Show calls');
    const numbers = rows.flat().flatMap((l) => (/^#(\d+) /.exec(l) ? [Number(/^#(\d+) /.exec(l)![1])] : []));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const findings = new Set(numbers).size;
    // Up to 5 findings: each on a row of its own.
    if (rows.length === findings)
      rows.forEach((labels, i) => expect(labels.every((l) => l.startsWith(`#${i + 1} `))).toBe(true));
  });
});
