import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DigestScheduler } from '../../src/core/schedule/scheduler.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { commands } from '../../commands/registry.js';
import { loadConfig } from '../../src/config.js';
import { testCtx } from '../helpers/ctx.js';
import { discordEnv, slackEnv, startBot, startDiscordFake, startSlackFake, type DiscordFake, type RunningBot, type SlackFake } from '../fakes/index.js';
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
    Object.assign(ctx, { config: loadConfig({ SIPBOT_DB: ':memory:', ...slackEnv(slack, 'http'), ...discordEnv(discord) }) });
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
    const file = await slack.waitFor(() => slack.messages.find((m) => m.files?.some((f) => f.filename.endsWith('.png'))), 15_000);
    expect(file.channel).toBe(slack.channelId);
    const upload = [...slack.uploads.values()].find((u) => u.filename === file.files![0]!.filename)!;
    expect(upload.bytes!.subarray(0, 4).equals(PNG)).toBe(true);
  });

  it('Slack: a subscription is posted by the scheduler with chat.postMessage and the chart, once', async () => {
    ctx.clock.set(new Date('2026-11-21T07:00:00Z'));
    const r = await slack.sendSlashCommand(bot.slackEventsUrl!, 'digest subscribe 08:00 UTC', { fields: { channel_id: 'C0DIGEST' } });
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
    expect(validateMessage(edit.body, edit.files.map((f) => f.name))).toBeNull();
    const png = edit.files.find((f) => f.name.endsWith('.png'));
    expect(png?.bytes.subarray(0, 4).equals(PNG)).toBe(true);
    expect(((edit.body.embeds as J[])[0]!.image as J).url).toBe(`attachment://${png!.name}`);
  });
});
