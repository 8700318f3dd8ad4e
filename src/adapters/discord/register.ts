import { REST, Routes } from 'discord.js';
import type { CommandDef } from '../../../commands/types.js';
import type { Config } from '../../config.js';
import { UserError } from '../../errors.js';
import { sipCommandJson } from './commands-json.js';

export function discordRest(config: Config, retries = 3): REST {
  if (!config.discord.token)
    throw new UserError('discord.config', 'Set DISCORD_TOKEN (the bot token from the Developer Portal, Bot page).');
  return new REST({
    retries,
    ...(config.discord.apiUrl ? { api: config.discord.apiUrl.replace(/\/$/, '') } : {}),
  }).setToken(config.discord.token);
}

/**
 * PUT the `/sip` command: globally (may take a while to reach every server) or to one guild
 * (immediate, good for trying it out). Overwrites what was registered before.
 */
export async function registerDiscordCommands(
  config: Config,
  commands: CommandDef[],
  guildId?: string,
  retries = 3,
): Promise<Array<{ id: string; name: string }>> {
  const appId = config.discord.applicationId;
  if (!appId)
    throw new UserError(
      'discord.config',
      'Set DISCORD_APPLICATION_ID (Developer Portal, General Information, Application ID).',
    );
  const rest = discordRest(config, retries);
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  try {
    return (await rest.put(route, { body: [sipCommandJson(commands)] })) as Array<{ id: string; name: string }>;
  } catch (e) {
    throw new UserError('discord.register', `Discord refused the command registration: ${(e as Error).message}`);
  }
}
