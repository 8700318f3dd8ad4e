import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import { connectError } from '../shared/connect-errors.js';
import { registerSlackHandlers, type SlackHandlerOptions } from './handlers.js';
import { slackEventsRoute } from './http-route.js';
import { boltLogger } from './logger.js';
import { SlackPoster } from './poster.js';

export interface SlackBot {
  mode: 'http' | 'socket';
  app: InstanceType<typeof App>;
  poster: SlackPoster;
  /** HTTP mode: mount this on the shared fastify server (POST /slack/events). */
  httpPlugin?: (app: FastifyInstance) => void;
  /** Checks the token (auth.test) and, in Socket Mode, connects. Resolves to "@bot in team". */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export interface SlackBotOptions extends SlackHandlerOptions {
  /** Web API retries (default 2; tests pass 0 so a fake that is down fails fast). */
  retries?: number;
  /** Bolt's timeout for a request no listener acknowledged. */
  unhandledRequestTimeoutMillis?: number;
  processBeforeResponse?: boolean;
}

/**
 * The Slack bot from config.slack: Socket Mode when an app token is set, else HTTP mode on the
 * shared server. A half-configured Slack (a bot token with neither secret nor app token) is a
 * UserError naming what is missing.
 */
export function createSlackBot(ctx: Ctx, opts: SlackBotOptions = {}): SlackBot {
  const { botToken, signingSecret, appToken, apiUrl } = ctx.config.slack;
  if (!botToken) throw new UserError('slack.config', 'Slack needs SLACK_BOT_TOKEN.');
  if (!appToken && !signingSecret) {
    throw new UserError('slack.config', 'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.');
  }
  const logger = boltLogger(ctx.log);
  const clientOptions = { retryConfig: { retries: opts.retries ?? 2 }, ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : apiUrl + '/' } : {}) };
  let app: InstanceType<typeof App>;
  let httpPlugin: SlackBot['httpPlugin'];
  const mode = appToken ? 'socket' : 'http';
  const slackTarget = { platform: 'Slack' as const, base: apiUrl ?? 'https://slack.com/api/', baseVariable: 'SLACK_API_URL' };
  if (appToken) {
    app = new App({ token: botToken, appToken, socketMode: true, clientOptions, logger, logLevel: LogLevel.WARN, deferInitialization: true });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: signingSecret!,
      logger,
      processBeforeResponse: opts.processBeforeResponse ?? false,
      ...(opts.unhandledRequestTimeoutMillis ? { unhandledRequestTimeoutMillis: opts.unhandledRequestTimeoutMillis } : {}),
    });
    app = new App({ token: botToken, receiver, clientOptions, logger, logLevel: LogLevel.WARN, deferInitialization: true });
    httpPlugin = slackEventsRoute(receiver);
  }
  registerSlackHandlers(app, ctx, opts);
  const poster = new SlackPoster(app.client, ctx.log.child({ component: 'slack' }));
  return {
    mode,
    app,
    poster,
    ...(httpPlugin ? { httpPlugin } : {}),
    async start() {
      let who: string;
      try {
        const auth = await app.client.auth.test();
        who = `@${auth.user ?? 'bot'} in ${auth.team ?? auth.team_id ?? 'workspace'}`;
      } catch (e) {
        throw connectError({ ...slackTarget, credential: 'SLACK_BOT_TOKEN', fix: 'use the Bot User OAuth Token (xoxb-...) from the app\'s OAuth & Permissions page.' }, e);
      }
      // Bolt's own token check, deferred to here so a bad token is this one sentence, not an unhandled rejection.
      await app.init();
      if (mode === 'socket') {
        try {
          await app.start();
        } catch (e) {
          throw connectError({ ...slackTarget, credential: 'SLACK_APP_TOKEN', fix: 'use an app-level token (xapp-...) with the connections:write scope, from the app\'s Basic Information page.' }, e);
        }
      }
      return who;
    },
    async stop() {
      if (mode === 'socket') await app.stop().catch(() => undefined);
    },
  };
}
