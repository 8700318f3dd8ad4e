import { UserError } from '../../errors.js';
import type { PlatformEntry } from '../platform.js';

/** Slack: on when any SLACK_* credential is set; Socket Mode with an app token, else HTTP. */
export const slackEntry: PlatformEntry = {
  configured(config) {
    const s = config.slack;
    const on = Boolean(s.botToken || s.signingSecret || s.appToken);
    if (on && !s.botToken) {
      throw new UserError(
        'slack.config',
        `${s.appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set but SLACK_BOT_TOKEN is not: set the bot token (OAuth & Permissions, xoxb-...).`,
      );
    }
    if (on && !s.signingSecret && !s.appToken) {
      throw new UserError(
        'slack.config',
        'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.',
      );
    }
    return on;
  },
  load: () => import('./platform.js'),
};
