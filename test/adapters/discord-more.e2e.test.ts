import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDef } from '../../commands/types.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { withExtras } from '../../src/adapters/shared/commands.js';
import { loadConfig } from '../../src/config.js';
import { mention } from '../../src/reply.js';
import { testCtx } from '../helpers/ctx.js';
import { checkDiscordMessage } from '../helpers/discord-builders.js';
import { discordEnv, startBot, startDiscordFake, type DiscordFake, type RunningBot } from '../fakes/index.js';
import { validateMessage } from '../fakes/discord-limits.js';

type J = Record<string, unknown>;
const cmd = (name: string, run: CommandDef['run']): CommandDef => ({
  name,
  summary: `test ${name}`,
  usage: `/sip ${name}`,
  examples: [],
  options: [],
  run,
});

const source = withExtras({
  commands: [
    cmd('many', () => ({
      title: 'Findings',
      blocks: [],
      buttons: Array.from({ length: 60 }, (_, i) => ({ label: `finding ${i}`, action: 'test.echo', value: `f${i}` })),
    })),
    cmd('huge', () => ({
      title: 'T'.repeat(250),
      blocks: [
        { kind: 'text', text: 'x'.repeat(4000) },
        { kind: 'fields', fields: Array.from({ length: 15 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(900) })) },
        { kind: 'context', text: 'c'.repeat(2000) },
      ],
    })),
    cmd('mention', (_a, env) => ({
      title: 'Escalation',
      blocks: [
        {
          kind: 'text',
          text: `by ${mention(env.invoker.platform, env.invoker.userId, env.invoker.userName)} for ${mention('slack', 'U0ALICE', 'alice')}`,
        },
      ],
    })),
  ],
  actions: [{ action: 'test.echo', run: (value) => ({ title: `Echo ${value}`, blocks: [] }) }],
});

describe('Discord: limits kept by splitting, buttons past 25, mentions', () => {
  let discord: DiscordFake;
  let bot: RunningBot;
  beforeAll(async () => {
    discord = await startDiscordFake();
    await registerDiscordCommands(loadConfig(discordEnv(discord)), source.commands, discord.guildId, 0);
    bot = await startBot(testCtx({ env: discordEnv(discord) }), { commands: source, http: false });
  });
  afterAll(async () => {
    await bot.stop();
    await discord.close();
  });

  it('sends 60 buttons: none dropped, past 25 a More actions select, and picking an option presses it', async () => {
    const id = discord.sendCommand('many');
    const list = await discord.waitFor(() => discord.responsesFor(id).length >= 2 && discord.responsesFor(id));
    expect(discord.errors).toEqual([]);
    const bodies = list.map((r) => (r.kind === 'callback' ? (r.body.data as J) : r.body));
    const comps = bodies.flatMap((b) =>
      ((b.components as J[] | undefined) ?? []).flatMap((row) => row.components as J[]),
    );
    const labels = comps.flatMap((c) =>
      c.type === 2 ? [String(c.label)] : (c.options as J[]).map((o) => String(o.label)),
    );
    expect(labels).toEqual(Array.from({ length: 60 }, (_, i) => `finding ${i}`));
    const select = comps.find((c) => c.type === 3)!;
    const pick = discord.selectOption(String(select.custom_id), [String((select.options as J[])[2]!.value)]);
    const [cb] = await discord.waitFor(() => discord.responsesFor(pick).length > 0 && discord.responsesFor(pick));
    expect(((cb!.body.data as J).embeds as J[])[0]!.title).toBe('Echo f22');
  });

  it('keeps a reply over 6,000 characters within every limit by splitting it, checked with @discordjs/builders', async () => {
    const id = discord.sendCommand('huge');
    // Complete when the footer, the last piece, has arrived.
    const list = await discord.waitFor(() => {
      const r = discord.responsesFor(id);
      return JSON.stringify(r.map((x) => x.body)).includes('c'.repeat(2000)) && r;
    });
    expect(list.length).toBeGreaterThan(1);
    expect(discord.errors).toEqual([]);
    for (const r of list) {
      const body = r.kind === 'callback' ? (r.body.data as J) : r.body;
      expect(validateMessage(body, [])).toBeNull();
      expect(() =>
        checkDiscordMessage({
          embeds: (body.embeds as never) ?? [],
          components: (body.components as never) ?? [],
          files: [],
        }),
      ).not.toThrow();
    }
    expect(JSON.stringify(list.map((r) => r.body))).toContain('v'.repeat(900));
  });

  it('mentions a Discord user for real and a Slack user by name', async () => {
    const id = discord.sendCommand('mention');
    const [cb] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    expect(((cb!.body.data as J).embeds as J[])[0]!.description).toBe(`by <@${discord.userId}> for @alice`);
  });
});
