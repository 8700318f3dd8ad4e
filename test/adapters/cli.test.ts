import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/registry.js';
import { loadConfig } from '../../src/config.js';
import { configuredPlatforms } from '../../src/main.js';
import { runCli, tempDb } from '../cli/run-cli.js';
import { discordEnv, startDiscordFake, type DiscordFake } from '../fakes/index.js';

const VARS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_API_URL',
];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
function setEnv(env: Record<string, string>): void {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, env);
}
afterEach(() => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('configuredPlatforms: which chat platforms serve starts', () => {
  it.each([
    [{}, []],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, ['slack']],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, ['slack']],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' }, ['discord']],
    [
      { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
      ['slack', 'discord'],
    ],
  ])('%j -> %j', (env, want) => {
    expect(configuredPlatforms(loadConfig(env))).toEqual(want);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET .* nor SLACK_APP_TOKEN/],
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not/],
    [{ DISCORD_TOKEN: 't' }, /DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not/],
    [{ DISCORD_APPLICATION_ID: '1' }, /DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not/],
  ])('half-configured %j is refused in one sentence', (env, msg) => {
    expect(() => configuredPlatforms(loadConfig(env))).toThrow(msg);
  });
});

describe('sipbot serve with a half-configured platform', () => {
  it('exits 1 with one line on stderr and starts nothing', async () => {
    setEnv({ SLACK_BOT_TOKEN: 'xoxb-only' });
    const r = await runCli(['serve', '--db', tempDb()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'sipbot: SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.\n',
    );
    expect(r.stdout).not.toContain('HTTP on');
  });
});

describe('sipbot slack manifest', () => {
  it('defaults to Socket Mode, with /sip, its usage from commands/ and the scopes', async () => {
    const r = await runCli(['slack', 'manifest']);
    expect(r.code).toBe(0);
    const m = parse(r.stdout);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    const cmd = m.features.slash_commands[0];
    expect(cmd.command).toBe('/sip');
    expect(cmd.url).toBeUndefined();
    for (const c of commands) expect(cmd.usage_hint).toContain(c.usage.replace('/sip ', ''));
    expect([...m.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'im:write',
      'usergroups:read',
    ]);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'app_home_opened']);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.bot_user.display_name).toBe('sipbot');
  });

  it('with --http, points the command, events and interactivity at /slack/events', async () => {
    const m = parse((await runCli(['slack', 'manifest', '--http', 'https://sipbot.example.com'])).stdout);
    const url = 'https://sipbot.example.com/slack/events';
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.slash_commands[0].url).toBe(url);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.settings.event_subscriptions.request_url).toBe(url);
  });

  it('refuses a URL that is not one (exit 2)', async () => {
    expect((await runCli(['slack', 'manifest', '--http', 'not a url'])).code).toBe(2);
  });
});

describe('sipbot discord register', () => {
  let discord: DiscordFake;
  beforeAll(async () => {
    discord = await startDiscordFake();
  });
  afterAll(() => discord.close());

  it('registers /sip in one guild and prints the invite link', async () => {
    setEnv(discordEnv(discord));
    const r = await runCli(['discord', 'register', '--guild', discord.guildId]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Registered /sip with ${commands.length} subcommands`);
    expect(r.stdout).toContain(`client_id=${discord.applicationId}&scope=bot%20applications.commands`);
    const sip = discord.commands.guild.get(discord.guildId)?.[0];
    expect(sip?.name).toBe('sip');
    expect((sip?.options as Array<{ name: string; type: number }>).map((o) => [o.name, o.type])).toEqual(
      commands.map((c) => [c.name, 1]),
    );
  });

  it('registers globally without --guild', async () => {
    setEnv(discordEnv(discord));
    expect((await runCli(['discord', 'register'])).code).toBe(0);
    expect(discord.commands.global.map((c) => c.name)).toEqual(['sip']);
  });

  it('says which variable is missing', async () => {
    setEnv({ DISCORD_TOKEN: 't' });
    const r = await runCli(['discord', 'register']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DISCORD_APPLICATION_ID');
  });
});
