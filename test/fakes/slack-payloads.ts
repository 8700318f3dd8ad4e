/**
 * Payloads as Slack sends them (platform-fakes.md 1.3, 1.4; the SlashCommand, BlockAction and
 * ViewSubmitAction types of @slack/bolt). `over` replaces any field.
 */
type J = Record<string, unknown>;

export interface Ids {
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  triggerId: string;
}

/** The full field set of a slash command, form-encoded as Slack posts it. */
export function slashCommand(ids: Ids, text: string, over: J = {}): { body: string; fields: J } {
  const fields: J = {
    token: 'deprecated-verification-token',
    team_id: ids.teamId,
    team_domain: 'sipbot-test',
    channel_id: ids.channelId,
    channel_name: 'voice-ops',
    user_id: ids.userId,
    user_name: 'alice',
    command: '/sip',
    text,
    api_app_id: 'A0SIPBOT',
    is_enterprise_install: 'false',
    response_url: ids.responseUrl,
    trigger_id: ids.triggerId,
    ...over,
  };
  return { body: new URLSearchParams(fields as Record<string, string>).toString(), fields };
}

export function blockActions(ids: Ids & { ts: string }, action: { action_id: string; value: string }, over: J = {}): J {
  return {
    type: 'block_actions',
    team: { id: ids.teamId, domain: 'sipbot-test' },
    user: { id: ids.userId, username: 'alice', team_id: ids.teamId },
    api_app_id: 'A0SIPBOT',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ids.ts, channel_id: ids.channelId, is_ephemeral: false },
    trigger_id: ids.triggerId,
    channel: { id: ids.channelId, name: 'voice-ops' },
    message: { type: 'message', ts: ids.ts, text: 'sipbot', user: 'U0BOT', bot_id: 'B0BOT', blocks: [] },
    response_url: ids.responseUrl,
    actions: [
      {
        type: 'button',
        block_id: 'sipbot_actions_0',
        text: { type: 'plain_text', text: 'button' },
        action_ts: `${Date.now() / 1000}`,
        ...action,
      },
    ],
    ...over,
  };
}

/** A view_submission for `view` (as views.open returned it) with the given input values. */
export function viewSubmission(
  ids: Pick<Ids, 'teamId' | 'userId' | 'triggerId'>,
  view: J,
  values: Record<string, string>,
  over: J = {},
): J {
  const stateValues: J = {};
  for (const b of (view.blocks as J[] | undefined) ?? []) {
    if (b.type !== 'input') continue;
    const el = b.element as J;
    const v = values[String(b.block_id)];
    stateValues[String(b.block_id)] = {
      [String(el.action_id)]:
        el.type === 'static_select'
          ? {
              type: 'static_select',
              selected_option: v === undefined ? null : { text: { type: 'plain_text', text: v }, value: v },
            }
          : { type: 'plain_text_input', value: v ?? null },
    };
  }
  return {
    type: 'view_submission',
    team: { id: ids.teamId, domain: 'sipbot-test' },
    user: { id: ids.userId, username: 'alice', team_id: ids.teamId },
    api_app_id: 'A0SIPBOT',
    token: 'deprecated-verification-token',
    trigger_id: ids.triggerId,
    view: { ...view, team_id: ids.teamId, state: { values: stateValues }, app_id: 'A0SIPBOT', bot_id: 'B0BOT' },
    response_urls: [],
    ...over,
  };
}
