import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import { connectError } from '../shared/connect-errors.js';
import { handleDiscordInteraction, type DiscordHandlerOptions } from './handlers.js';
import { DiscordPoster } from './poster.js';

export interface DiscordBotOptions extends DiscordHandlerOptions {
  /** REST retries (default 3; tests pass 0). */
  retries?: number;
  /** How long to wait for guilds after READY (discord.js default 15 s). */
  waitGuildTimeout?: number;
}

export interface DiscordBot {
  client: Client;
  poster: DiscordPoster;
  /** Logs in over the gateway; resolves to "Name#0 (id)" once ready. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export function createDiscordBot(ctx: Ctx, opts: DiscordBotOptions = {}): DiscordBot {
  const { token, applicationId, apiUrl } = ctx.config.discord;
  if (!token || !applicationId) {
    throw new UserError('discord.config', token ? 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: set both.' : 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: set both.');
  }
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { retries: opts.retries ?? 3, ...(apiUrl ? { api: apiUrl.replace(/\/$/, '') } : {}) },
    ...(opts.waitGuildTimeout !== undefined ? { waitGuildTimeout: opts.waitGuildTimeout } : {}),
  });
  const log = ctx.log.child({ component: 'discord' });
  const handler = handleDiscordInteraction(ctx, opts);
  client.on(Events.InteractionCreate, (i) => {
    handler(i).catch((err: unknown) => log.error({ err }, 'interaction handler failed'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ code: ev.code, shard }, 'gateway disconnected'));
  return {
    client,
    poster: new DiscordPoster(client.rest, ctx),
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(token);
      } catch (e) {
        throw connectError({
          platform: 'Discord', credential: 'DISCORD_TOKEN', base: apiUrl ?? 'https://discord.com/api', baseVariable: 'DISCORD_API_URL',
          fix: 'use the bot token from the Developer Portal (Bot, Reset Token).',
        }, e);
      }
      await ready;
      return `${client.user?.tag ?? 'bot'} (${client.user?.id ?? '?'})`;
    },
    async stop() {
      await client.destroy();
    },
  };
}
