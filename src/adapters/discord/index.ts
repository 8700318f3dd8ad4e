import { UserError } from '../../errors.js';
import type { PlatformEntry } from '../platform.js';

/** Discord over the gateway: on when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set. */
export const discordEntry: PlatformEntry = {
  configured(config) {
    const d = config.discord;
    const on = Boolean(d.token || d.applicationId);
    if (on && !(d.token && d.applicationId)) {
      throw new UserError(
        'discord.config',
        d.token
          ? 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: set both.'
          : 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: set both.',
      );
    }
    return on;
  },
  load: () => import('./platform.js'),
};
