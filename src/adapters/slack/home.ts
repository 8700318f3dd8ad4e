import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Ctx, Invoker } from '../../context.js';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply.js';
import { storedButtonId } from '../shared/button-payload.js';
import type { CommandSource } from '../shared/commands.js';
import { runCommand } from '../shared/run.js';
import type { WorkQueue } from '../shared/work-queue.js';
import { renderSlackHome, SLACK_LIMITS } from './render.js';

/** The Home tab's content for one user. */
export type HomeProvider = (who: Invoker) => Promise<Reply>;

export interface HomeOptions {
  /** Default: the `status` command's Reply when the commands have one, else a short guide. */
  home?: HomeProvider | false;
}

/** The Home tab's own button: publishes the view again. */
export const HOME_REFRESH = 'sipbot.home.refresh';

/** Until there is a `status` command: what sipbot does and how to start. */
function guide(): Reply {
  return {
    title: 'sipbot',
    blocks: [
      {
        kind: 'text',
        text: 'Why are our calls getting SIP 403? `/sip 403` explains it with your own numbers, `/sip patterns` finds who is refused, `/sip check` walks the checklist.',
      },
      { kind: 'context', text: '`/sip help` lists every command.' },
    ],
  };
}

export interface HomeTab {
  publish(client: WebClient, userId: string, teamId?: string): Promise<void>;
}

/**
 * The Home tab (docs.slack.dev/surfaces/app-home): on `app_home_opened`, and after every press
 * of one of its buttons, the `status` Reply is rendered and published with views.publish.
 */
export function homeTab(ctx: Ctx, src: CommandSource, queue: WorkQueue, log: Logger, provider?: HomeProvider): HomeTab {
  const status = src.commands.find((c) => c.name === 'status');
  const content: HomeProvider = provider ?? (async (who) => (status ? runCommand(ctx, who, status, {}) : guide()));
  return {
    async publish(client, userId, teamId) {
      const who: Invoker = { platform: 'slack', userId, channelId: userId, ...(teamId ? { teamId } : {}) };
      const reply = await queue.run(() => content(who));
      const withRefresh: Reply = {
        ...reply,
        buttons: [...(reply.buttons ?? []), { label: 'Refresh', action: HOME_REFRESH, value: 'home' }],
      };
      const view = renderSlackHome(withRefresh, storedButtonId(ctx, SLACK_LIMITS.optionValue));
      await client.views.publish({ user_id: userId, view: view as never });
      log.debug({ user: userId, blocks: view.blocks.length }, 'home tab published');
    },
  };
}

export function registerHome(app: App, home: HomeTab, log: Logger): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await home
      .publish(client, event.user, body.team_id)
      .catch((err: unknown) => log.error({ err, user: event.user }, 'could not publish the Home tab'));
  });
}
