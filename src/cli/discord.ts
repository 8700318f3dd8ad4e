import type { Command } from 'commander';
import { loadConfig } from '../config.js';

/** View Channel, Send Messages, Embed Links, Attach Files. */
const BOT_PERMISSIONS = 1024 + 2048 + 16384 + 32768;

export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot%20applications.commands&permissions=${BOT_PERMISSIONS}`;
}

/** `sipbot discord register [--guild ID]`: PUT the /sip command (from commands/) to Discord. */
export function register(program: Command): void {
  const discord = program.command('discord').description('Discord bot set-up: register the /sip command');
  discord
    .command('register')
    .description('register the /sip command with Discord: globally, or in one server with --guild (immediate)')
    .option('--guild <id>', 'server (guild) id: register there only; appears at once')
    .option('--json', 'print what Discord stored as JSON')
    .action(async (opts: { guild?: string; json?: boolean }) => {
      const [{ commands }, { registerDiscordCommands }] = await Promise.all([
        import('../../commands/registry.js'),
        import('../adapters/discord/register.js'),
      ]);
      const config = loadConfig(process.env);
      const saved = await registerDiscordCommands(config, commands, opts.guild);
      if (opts.json) {
        process.stdout.write(JSON.stringify(saved) + '\n');
        return;
      }
      const where = opts.guild
        ? `in server ${opts.guild}`
        : 'globally (new global commands can take a few minutes to show up)';
      process.stdout.write(
        `Registered /sip with ${commands.length} subcommands (${commands.map((c) => c.name).join(', ')}) ${where}.\n`,
      );
      process.stdout.write(`Invite the bot: ${inviteUrl(config.discord.applicationId!)}\n`);
    });
}
