import { stringify } from 'yaml';
import type { CommandDef } from '../../../commands/types.js';
import { SLACK_EVENTS_PATH } from './http-route.js';

/**
 * Bot scopes, each for something sipbot calls: app_mentions:read (@sipbot), commands (/sip),
 * chat:write and chat:write.public (answers, digests, escalations), files:write (charts,
 * evidence, CSVs), im:write (conversations.open: files of a private answer go to the asker's
 * DM), usergroups:read (expert groups in SIPBOT_EXPERTS). The Home tab needs no scope.
 */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'commands',
  'chat:write',
  'chat:write.public',
  'files:write',
  'im:write',
  'usergroups:read',
] as const;

/** The events the handlers listen to (handlers.ts, home.ts). */
export const SLACK_BOT_EVENTS = ['app_mention', 'app_home_opened'] as const;

export interface ManifestOptions {
  name?: string;
  /** HTTP mode: the public base URL or full events URL; without it, Socket Mode. */
  httpUrl?: string;
}

/** `/sip [403 | explain <query> | patterns ... | ...]`, from the command definitions. */
export function usageHint(commands: CommandDef[]): string {
  const subs = commands.map((c) => c.usage.replace(/^\/sip\s*/, ''));
  return ['403', ...subs].join(' | ').slice(0, 1000);
}

export function eventsUrl(httpUrl: string): string {
  const u = new URL(httpUrl);
  if (u.pathname === '/' || u.pathname === '') u.pathname = SLACK_EVENTS_PATH;
  return u.toString();
}

/** The Slack app manifest (api.slack.com/reference/manifests), generated from commands/. */
export function slackManifest(commands: CommandDef[], opts: ManifestOptions = {}): string {
  const name = opts.name ?? 'sipbot';
  const url = opts.httpUrl ? eventsUrl(opts.httpUrl) : undefined;
  const manifest = {
    _metadata: { major_version: 2, minor_version: 1 },
    display_information: {
      name,
      description: 'Why are our calls getting SIP 403? Explains codes and finds blocking patterns.',
      long_description:
        'sipbot reads your call records and explains SIP 403 Forbidden (and 603+, 607, 608) failures: is it your configuration, ' +
        'or are carriers refusing your numbers? It finds patterns by caller number, route and destination, posts a daily digest, ' +
        'walks the troubleshooting checklist with buttons and escalates to an expert with the evidence attached.\n\n' +
        commands.map((c) => `• ${c.usage}: ${c.summary}`).join('\n'),
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command: '/sip',
          description: 'Explain SIP codes, find 403 patterns, digest, checklist, escalate',
          usage_hint: usageHint(commands),
          should_escape: false,
          ...(url ? { url } : {}),
        },
      ],
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
  return stringify(manifest, { lineWidth: 0 });
}
