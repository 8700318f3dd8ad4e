import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import type { ChatPlatform, PlatformDeps } from '../platform.js';
import { connectError } from '../shared/connect-errors.js';
import { registerSlackHandlers } from './handlers.js';
import type { HomeProvider } from './home.js';
import { SLACK_EVENTS_PATH, slackEventsRoute } from './http-route.js';
import { boltLogger } from './logger.js';
import { SlackPoster } from './poster.js';
import { escapeSlack, SLACK_LIMITS } from './render.js';

/** Options of this platform (ServeOptions.platforms.slack). */
export interface SlackOptions {
  /** Web API retries (default 2; tests pass 0 so a fake that is down fails fast). */
  retries?: number;
  /** Bolt's timeout for a request no listener acknowledged. */
  unhandledRequestTimeoutMillis?: number;
  processBeforeResponse?: boolean;
  /** The Home tab's content; false for none. */
  home?: HomeProvider | false;
}

/** Slack user group ids start with S (`S0123ABC`). */
const GROUP_ID = /^S[A-Z0-9]{2,}$/;

/**
 * Slack from config.slack: Socket Mode when an app token is set, else HTTP mode mounted on the
 * shared server at POST /slack/events.
 */
export function create(ctx: Ctx, deps: PlatformDeps): ChatPlatform {
  const opts = deps.options as SlackOptions;
  const { botToken, signingSecret, appToken, apiUrl } = ctx.config.slack;
  if (!botToken || (!appToken && !signingSecret))
    throw new UserError('slack.config', 'Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN.');
  const logger = boltLogger(ctx.log);
  const clientOptions = {
    retryConfig: { retries: opts.retries ?? 2 },
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : apiUrl + '/' } : {}),
  };
  let app: InstanceType<typeof App>;
  let receiver: HTTPReceiver | undefined;
  const slackTarget = {
    platform: 'Slack' as const,
    base: apiUrl ?? 'https://slack.com/api/',
    baseVariable: 'SLACK_API_URL',
  };
  // deferInitialization: Bolt's own token check runs in start(), so a bad token is one sentence, not an unhandled rejection.
  if (appToken) {
    app = new App({
      token: botToken,
      appToken,
      socketMode: true,
      clientOptions,
      logger,
      logLevel: LogLevel.WARN,
      deferInitialization: true,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: signingSecret!,
      logger,
      processBeforeResponse: opts.processBeforeResponse ?? false,
      ...(opts.unhandledRequestTimeoutMillis
        ? { unhandledRequestTimeoutMillis: opts.unhandledRequestTimeoutMillis }
        : {}),
    });
    app = new App({
      token: botToken,
      receiver,
      clientOptions,
      logger,
      logLevel: LogLevel.WARN,
      deferInitialization: true,
    });
  }
  registerSlackHandlers(app, ctx, {
    commands: deps.commands,
    queue: deps.queue,
    ...(deps.ackBudgetMs ? { ackBudgetMs: deps.ackBudgetMs } : {}),
    ...(opts.home !== undefined ? { home: opts.home } : {}),
  });
  const log = ctx.log.child({ component: 'slack' });
  const poster = new SlackPoster(app.client, ctx, log);
  return {
    platform: 'slack',
    label: 'Slack',
    limits: { messagesPerAnswer: SLACK_LIMITS.messagesPerAnswer, buttonsPerMessage: SLACK_LIMITS.buttons },
    ...(receiver ? { http: { plugin: slackEventsRoute(receiver), paths: [SLACK_EVENTS_PATH] } } : {}),
    async start({ httpUrl }) {
      let who: string;
      try {
        const auth = await app.client.auth.test();
        who = `@${auth.user ?? 'bot'} in ${auth.team ?? auth.team_id ?? 'workspace'}`;
      } catch (e) {
        throw connectError(
          {
            ...slackTarget,
            credential: 'SLACK_BOT_TOKEN',
            fix: "use the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page.",
          },
          e,
        );
      }
      await app.init();
      if (!receiver) {
        try {
          await app.start();
        } catch (e) {
          throw connectError(
            {
              ...slackTarget,
              credential: 'SLACK_APP_TOKEN',
              fix: "use an app-level token (xapp-...) with the connections:write scope, from the app's Basic Information page.",
            },
            e,
          );
        }
        return `socket mode, ${who}`;
      }
      return `HTTP mode at ${httpUrl ?? ''}${SLACK_EVENTS_PATH}, ${who}`;
    },
    async stop() {
      if (!receiver) await app.stop().catch(() => undefined);
    },
    post: (target, reply) => poster.post(target, reply),
    update: (ref, reply) => poster.update(ref, reply),
    upload: (target, files, comment) => poster.upload(target, files, comment),
    mention: (userId) => `<@${userId}>`,
    channelLink: (channelId) => `<#${escapeSlack(channelId)}>`,
    async groupMembers(id) {
      if (!GROUP_ID.test(id)) return null;
      return (await app.client.usergroups.users.list({ usergroup: id })).users ?? [];
    },
  };
}
