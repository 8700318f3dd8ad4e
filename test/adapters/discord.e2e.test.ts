import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import { testCtx } from '../helpers/ctx.js';
import {
  discordEnv,
  startBot,
  startDiscordFake,
  testSource,
  type DiscordFake,
  type RunningBot,
} from '../fakes/index.js';
import { validateMessage } from '../fakes/discord-limits.js';

type J = Record<string, unknown>;
const embeds = (body: J): J[] =>
  (body.embeds as J[] | undefined) ?? ((body.data as J | undefined)?.embeds as J[] | undefined) ?? [];
const titleOf = (body: J): string => String(embeds(body)[0]?.title ?? '');

// The real discord.js client over the fake gateway, answering through the fake REST API.
describe('Discord over the gateway', () => {
  let discord: DiscordFake;
  let bot: RunningBot;
  beforeAll(async () => {
    discord = await startDiscordFake();
    const ctx = testCtx({ env: discordEnv(discord) });
    await registerDiscordCommands(loadConfig(discordEnv(discord)), testSource.commands, discord.guildId, 0);
    bot = await startBot(ctx, { commands: testSource, http: false });
  });
  afterAll(async () => {
    await bot.stop();
    await discord.close();
  });

  it('identifies with the bot token and the Guilds intent', () => {
    expect(discord.identifies[0]).toMatchObject({ token: discord.token });
    expect(Number(discord.identifies[0]!.intents) & 1).toBe(1);
  });

  it('registers /sip with a subcommand per command definition, globally and per guild', async () => {
    const config = loadConfig(discordEnv(discord));
    const global = await registerDiscordCommands(config, commands, undefined, 0);
    expect(global.map((c) => c.name)).toEqual(['sip']);
    const subs = ((discord.commands.global[0]!.options as J[]) ?? []).map((o) => o.name);
    expect(subs).toEqual(commands.map((c) => c.name));
    expect(discord.commands.guild.get(discord.guildId)?.[0]?.name).toBe('sip');
  });

  it('answers /sip explain 403 with an embed', async () => {
    const id = discord.sendCommand('explain', { code: '403' });
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    expect(cb!.kind).toBe('callback');
    expect(cb!.type).toBe(4);
    expect(cb!.ms).toBeLessThan(3000);
    expect(titleOf(cb!.body)).toMatch(/403/);
  });

  it('answers /sip help ephemerally (flags 64)', async () => {
    const id = discord.sendCommand('help');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    expect(((cb!.body.data as J).flags as number) & 64).toBe(64);
  });

  it('presses a button (custom_id action|value) and updates the message in place (type 7)', async () => {
    const id = discord.sendCommand('buttons');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    const rows = (cb!.body.data as J).components as J[];
    const first = (rows[0]!.components as J[])[0]!;
    expect(first.custom_id).toBe('test.press|yes');
    const press = discord.pressButton(String(first.custom_id));
    const [upd] = await discord.waitFor(() => discord.responsesFor(press).length > 0 && discord.responsesFor(press));
    expect(upd!.type).toBe(7);
    expect(titleOf(upd!.body)).toBe('Pressed yes');
  });

  it('past 25 buttons, the remaining findings\' actions go into a "More actions" menu; choosing one runs it', async () => {
    const id = discord.sendCommand('findings');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    const data = cb!.body.data as J;
    expect(validateMessage(data, [])).toBeNull();
    const rows = (data.components as J[]).map((r) => r.components as J[]);
    // 8 findings x 4 actions + Refresh = 33: findings 1-5 as 4 rows of buttons, the rest in the menu.
    expect(rows).toHaveLength(5);
    expect(rows[0]!.map((c) => c.label)).toEqual(['#1 calls', '#1 check', '#1 esc', '#1 more', '#2 calls']);
    const menu = rows[4]![0]!;
    expect(menu.type).toBe(3);
    const options = (menu.options as J[]).map((o) => String(o.label));
    expect(options[0]).toBe('#6 calls');
    expect(options.at(-1)).toBe('Refresh');
    const pick = (menu.options as J[])[options.indexOf('#8 calls')]!;
    const chosen = discord.selectOption(String(menu.custom_id), [String(pick.value)]);
    const [upd] = await discord.waitFor(() => discord.responsesFor(chosen).length > 0 && discord.responsesFor(chosen));
    expect(upd!.type).toBe(7);
    expect(titleOf(upd!.body)).toBe('Pressed calls-8');
  });

  it('stores a button payload too long for a custom_id and hands the full value back on press', async () => {
    const id = discord.sendCommand('bigbutton');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    const button = (((cb!.body.data as J).components as J[])[0]!.components as J[])[0]!;
    expect(String(button.custom_id)).toMatch(/^~\d+$/);
    const press = discord.pressButton(String(button.custom_id));
    const [upd] = await discord.waitFor(() => discord.responsesFor(press).length > 0 && discord.responsesFor(press));
    expect(titleOf(upd!.body)).toBe(`Pressed evidence:${'e'.repeat(150)}`);
  });

  it('opens a modal (type 9) and handles its submission', async () => {
    const press = discord.pressButton('test.open|f7');
    const [modal] = await discord.waitFor(() => discord.responsesFor(press).length > 0 && discord.responsesFor(press));
    expect(modal!.type).toBe(9);
    const data = modal!.body.data as J;
    expect(data.custom_id).toBe('test.form|f7');
    const submit = discord.submitModal(String(data.custom_id), { note: 'refused on 3 routes', urgency: 'week' });
    const [cb] = await discord.waitFor(() => discord.responsesFor(submit).length > 0 && discord.responsesFor(submit));
    expect(titleOf(cb!.body)).toBe('Escalation f7 filed');
  });

  it('defers a slow command (type 5) and edits @original with the answer', async () => {
    const id = discord.sendCommand('slowpoke');
    const list = await discord.waitFor(() => discord.responsesFor(id).length >= 2 && discord.responsesFor(id));
    expect(list[0]!.type).toBe(5);
    expect(list[1]!.kind).toBe('original');
    expect(titleOf(list[1]!.body)).toBe('Slow answer');
  });

  it('delivers a reply too long for one answer: a reply plus follow-ups within the limits, the whole answer attached', async () => {
    const id = discord.sendCommand('long');
    const list = await discord.waitFor(() => {
      const r = discord.responsesFor(id);
      return r.length >= 2 && r.some((x) => JSON.stringify(x.body).includes('"components":[{')) && r;
    });
    expect(list[0]!.type).toBe(4);
    expect(list.length).toBeLessThanOrEqual(5);
    expect(list.slice(1).every((r) => r.kind === 'followup')).toBe(true);
    for (const r of list)
      expect(
        validateMessage(
          r.kind === 'callback' ? (r.body.data as J) : r.body,
          r.files.map((f) => f.name),
        ),
      ).toBeNull();
    expect(discord.errors).toEqual([]);
    const all = JSON.stringify(list.map((r) => r.body));
    expect(all).toContain('line 1:');
    expect(all).toMatch(/\d+ more lines in the attached a-very-long-answer\.txt/);
    const file = list.flatMap((r) => r.files).find((f) => f.name === 'a-very-long-answer.txt')!;
    expect(file.bytes.toString()).toContain('line 600:');
  });

  it('attaches a chart as a file referenced by attachment://', async () => {
    const id = discord.sendCommand('chart');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    expect(cb!.files.map((f) => f.name)).toEqual(['digest.png']);
    expect(cb!.files[0]!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(embeds(cb!.body)[0]?.image).toEqual({ url: 'attachment://digest.png' });
  });

  it('posts unprompted (Poster) with the chart, and updates the post', async () => {
    const poster = bot.posters.find((p) => p.platform === 'discord')!;
    const ref = await poster.post(
      { platform: 'discord', channelId: discord.channelId },
      {
        title: 'Daily digest',
        blocks: [{ kind: 'text', text: '310 refused' }],
        image: { filename: 'd.png', png: Buffer.from('x'), alt: 'chart' },
      },
    );
    const msg = discord.channelMessages.find((m) => m.id === ref.messageId)!;
    expect(msg.files[0]?.name).toBe('d.png');
    await poster.update(ref, { title: 'Daily digest (resolved)', blocks: [] });
    expect(msg.edits).toBe(1);
  });

  it('shows a bug as "Something went wrong (ref ....)", ephemeral', async () => {
    const id = discord.sendCommand('boom');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    expect(titleOf(cb!.body)).toMatch(/^Something went wrong \(ref [0-9a-f]{1,4}\)$/);
    expect(((cb!.body.data as J).flags as number) & 64).toBe(64);
  });
});
