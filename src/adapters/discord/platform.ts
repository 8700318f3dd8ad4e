import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import type { ChatPlatform, PlatformDeps } from '../platform.js';
import { handleDiscordInteraction } from './handlers.js';
import { connectError } from '../shared/connect-errors.js';
import { DiscordPoster } from './poster.js';
import { DISCORD_LIMITS } from './render.js';

/** Options of this platform (ServeOptions.platforms.discord). */
export interface DiscordOptions {
  /** REST retries (default 3; tests pass 0). */
  retries?: number;
  /** How long to wait for guilds after READY (discord.js default 15 s). */
  waitGuildTimeout?: number;
}

/** Discord over the gateway (discord.js), answering interactions and posting over REST. */
export function create(ctx: Ctx, deps: PlatformDeps): ChatPlatform {
  const opts = deps.options as DiscordOptions;
  const { token, applicationId, apiUrl } = ctx.config.discord;
  if (!token || !applicationId)
    throw new UserError('discord.config', 'Discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.');
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { retries: opts.retries ?? 3, ...(apiUrl ? { api: apiUrl.replace(/\/$/, '') } : {}) },
    ...(opts.waitGuildTimeout !== undefined ? { waitGuildTimeout: opts.waitGuildTimeout } : {}),
  });
  const log = ctx.log.child({ component: 'discord' });
  const handler = handleDiscordInteraction(ctx, {
    commands: deps.commands,
    queue: deps.queue,
    ...(deps.ackBudgetMs ? { ackBudgetMs: deps.ackBudgetMs } : {}),
  });
  client.on(Events.InteractionCreate, (i) => {
    handler(i).catch((err: unknown) => log.error({ err }, 'interaction handler failed'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ code: ev.code, shard }, 'gateway disconnected'));
  const poster = new DiscordPoster(client.rest, ctx);
  return {
    platform: 'discord',
    label: 'Discord',
    limits: {
      messagesPerAnswer: DISCORD_LIMITS.messagesPerAnswer,
      buttonsPerMessage: DISCORD_LIMITS.buttonsPerMessage,
    },
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      try {
        await client.login(token);
      } catch (e) {
        throw connectError(
          {
            platform: 'Discord',
            credential: 'DISCORD_TOKEN',
            base: apiUrl ?? 'https://discord.com/api',
            baseVariable: 'DISCORD_API_URL',
            fix: 'use the bot token from the Developer Portal (Bot, Reset Token).',
          },
          e,
        );
      }
      await ready;
      return `connected as ${client.user?.tag ?? 'bot'} (${client.user?.id ?? '?'})`;
    },
    async stop() {
      await client.destroy();
    },
    post: (target, reply) => poster.post(target, reply),
    update: (ref, reply) => poster.update(ref, reply),
    upload: (target, files, comment) => poster.upload(target, files, comment),
    mention: (userId) => `<@${userId}>`,
    channelLink: (channelId) => `<#${channelId}>`,
  };
}
