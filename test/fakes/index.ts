/**
 * Test harness for chat end-to-end tests. Start the fakes FIRST (Bolt calls auth.test in its
 * constructor), build a ctx whose env points at them, then start the bot:
 *
 *   const slack = await startSlackFake();
 *   const discord = await startDiscordFake();
 *   const ctx = testCtx({ env: { ...slackEnv(slack, 'http'), ...discordEnv(discord) } });
 *   const bot = await startBot(ctx, { commands: testSource });   // HTTP on 127.0.0.1:<random>
 *   const r = await slack.sendSlashCommand(bot.slackEventsUrl!, '403');
 *   const id = discord.sendCommand('explain', { code: '403' });
 *   await discord.waitFor(() => discord.responsesFor(id).length > 0);
 *   await bot.stop(); await slack.close(); await discord.close();
 *
 * Both bots go through src/main.ts startServices (the real composition root), with Web API /
 * REST retries off so a refused message fails the test at once instead of retrying.
 */
import type { Ctx } from '../../src/context.js';
import type { AlertSchedulerOptions } from '../../src/core/alerts/scheduler.js';
import type { CommandSource } from '../../src/adapters/shared/commands.js';
import type { HomeProvider } from '../../src/adapters/slack/home.js';
import { startServices, type Services } from '../../src/main.js';
import type { DiscordFake } from './discord-fake.js';
import type { SlackFake } from './slack-fake.js';

export { startSlackFake, signSlack, SLACK_ACK_DEADLINE_MS, type SlackFake } from './slack-fake.js';
export { startDiscordFake, DISCORD_CALLBACK_DEADLINE_MS, type DiscordFake } from './discord-fake.js';
export { testSource, testCommands, testActions, testModals, longReply, TINY_PNG } from './test-commands.js';

/** Env for Slack against the fake: HTTP mode (signing secret) or Socket Mode (app token). */
export function slackEnv(fake: SlackFake, mode: 'http' | 'socket'): Record<string, string> {
  return mode === 'http'
    ? { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: fake.signingSecret, SLACK_API_URL: fake.apiUrl }
    : { SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.appToken, SLACK_API_URL: fake.apiUrl };
}

export function discordEnv(fake: DiscordFake): Record<string, string> {
  return { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl };
}

export interface RunningBot extends Services {
  /** `http://127.0.0.1:<port>/slack/events` when the HTTP server runs. */
  slackEventsUrl?: string;
  /** The start-up lines ("slack: socket mode, @sipbot in ..."). */
  lines: string[];
}

export async function startBot(
  ctx: Ctx,
  opts: {
    commands?: CommandSource;
    http?: boolean;
    ackBudgetMs?: number;
    home?: HomeProvider;
    alerts?: AlertSchedulerOptions;
  } = {},
): Promise<RunningBot> {
  ctx.config.host = '127.0.0.1';
  ctx.config.port = 0;
  const lines: string[] = [];
  const services = await startServices(ctx, {
    ...(opts.commands ? { commands: opts.commands } : {}),
    ...(opts.ackBudgetMs ? { ackBudgetMs: opts.ackBudgetMs } : {}),
    platforms: {
      slack: { retries: 0, ...(opts.home ? { home: opts.home } : {}) },
      discord: { retries: 0, waitGuildTimeout: 1000 },
    },
    http: opts.http ?? true,
    scheduler: false,
    alerts: opts.alerts ?? false,
    say: (line) => lines.push(line),
  });
  return { ...services, lines, ...(services.httpUrl ? { slackEventsUrl: `${services.httpUrl}/slack/events` } : {}) };
}
