import { isChatPlatform, CHAT_PLATFORM_NAMES, type ChatPlatformName } from '../src/adapters/platforms.js';
import { actOnAlert, type AlertAction, type SnoozeFor } from '../src/core/alerts/actions.js';
import { parsePublicId } from '../src/core/alerts/render.js';
import { alertsTable, currentAlerts } from '../src/core/alerts/status.js';
import { parseSubject } from '../src/core/analysis/window-args.js';
import { parseLocalTime } from '../src/core/schedule/due.js';
import { UserError } from '../src/errors.js';
import { mention, type Reply } from '../src/reply.js';
import {
  deleteAlertSubscription,
  getAlertSubscription,
  upsertAlertSubscription,
  type AlertSubscription,
} from '../src/store/alert-subscriptions.js';
import type { ActionDef, Args, CommandDef, CommandEnv } from './types.js';

function channelPlatform(env: CommandEnv): ChatPlatformName {
  const p = env.invoker.platform;
  if (!isChatPlatform(p))
    throw new UserError(
      'alerts.no_channel',
      `Alert subscriptions belong to a chat channel; run this in a chat (${CHAT_PLATFORM_NAMES.join(', ')}).`,
    );
  return p;
}

function describe(s: AlertSubscription): string {
  const what = s.filterKind ? `alerts about ${s.filterKind} \`${s.filterValue}\`` : 'every alert';
  return `${what}${s.quietFrom ? `, quiet ${s.quietFrom}-${s.quietTo} ${s.timeZone} (posted when the quiet hours end)` : ''}`;
}

const QUIET = /^(\d{1,2}:\d\d)-(\d{1,2}:\d\d)$/;

/** `subscribe [all | route R | number N] [HH:MM-HH:MM]`, `unsubscribe`, `status`. */
export function parseAlertsText(text: string): Args {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const args: Args = { what: words[0] };
  let rest = words.slice(1);
  const last = rest[rest.length - 1];
  if (last && QUIET.test(last)) {
    args.quiet = last;
    rest = rest.slice(0, -1);
  }
  if (rest.length) args.filter = rest.join(' ');
  return args;
}

function subscribe(filter: string | undefined, quiet: string | undefined, env: CommandEnv): Reply {
  const platform = channelPlatform(env);
  let filterKind: AlertSubscription['filterKind'] = null;
  let filterValue: string | null = null;
  const f = (filter ?? 'all').trim();
  if (!/^all$/i.test(f)) {
    const m = /^(route|number)\s+(\S+)$/i.exec(f);
    if (!m)
      throw new UserError(
        'alerts.bad_filter',
        'Subscribe to `all`, `route NAME` or `number +12125550123`, e.g. `/sip alerts subscribe route telco-east 22:00-07:00`.',
      );
    filterKind = m[1]!.toLowerCase() as 'route' | 'number';
    filterValue = m[2]!;
    if (filterKind === 'number') {
      const s = parseSubject(filterValue, env.ctx.config.defaultCountry);
      if (!('number' in s)) throw new UserError('alerts.bad_filter', `"${filterValue}" is not a phone number.`);
      filterValue = s.number;
    }
  }
  let quietFrom: string | null = null;
  let quietTo: string | null = null;
  if (quiet) {
    const m = QUIET.exec(quiet.trim());
    if (!m || !parseLocalTime(m[1]!) || !parseLocalTime(m[2]!) || m[1] === m[2])
      throw new UserError('alerts.bad_quiet', 'Quiet hours read HH:MM-HH:MM, e.g. `22:00-07:00`.');
    quietFrom = m[1]!.padStart(5, '0');
    quietTo = m[2]!.padStart(5, '0');
  }
  const sub = upsertAlertSubscription(env.ctx.db, {
    platform,
    channelId: env.invoker.channelId,
    filterKind,
    filterValue,
    quietFrom,
    quietTo,
    timeZone: env.ctx.config.timeZone,
    createdBy: env.invoker.userId,
    createdMs: env.ctx.clock.now().getTime(),
  });
  return {
    title: 'Alerts subscribed',
    tone: 'ok',
    blocks: [
      {
        kind: 'text',
        text: `This channel gets ${describe(sub)}: one message per alert, edited as it changes, with updates in its thread.`,
      },
    ],
  };
}

function status(env: CommandEnv): Reply {
  const sub = isChatPlatform(env.invoker.platform)
    ? getAlertSubscription(env.ctx.db, env.invoker.platform, env.invoker.channelId)
    : null;
  return {
    title: 'Alerts',
    ephemeral: true,
    blocks: [
      {
        kind: 'text',
        text: sub
          ? `This channel gets ${describe(sub)}.`
          : 'This channel has no alert subscription; `/sip alerts subscribe` adds one.',
      },
      alertsTable(currentAlerts(env.ctx.db, env.ctx.clock.now().getTime()), env.ctx.config.timeZone),
    ],
  };
}

/** `/sip alerts subscribe [all | route R | number N] [HH:MM-HH:MM]`, `unsubscribe`, `status`. */
export const command: CommandDef = {
  name: 'alerts',
  summary: 'Refusal spikes between digests: subscribe this channel, or see open alerts',
  usage: '/sip alerts [status | subscribe [all | route R | number N] [HH:MM-HH:MM quiet hours] | unsubscribe]',
  examples: [
    '/sip alerts',
    '/sip alerts subscribe',
    '/sip alerts subscribe route telco-east 22:00-07:00',
    '/sip alerts subscribe number +12125550123',
    '/sip alerts unsubscribe',
  ],
  options: [
    {
      name: 'what',
      description: 'status, subscribe or unsubscribe',
      type: 'string',
      choices: [
        { name: 'status', value: 'status' },
        { name: 'subscribe', value: 'subscribe' },
        { name: 'unsubscribe', value: 'unsubscribe' },
      ],
    },
    { name: 'filter', description: 'subscribe: all, route NAME or number +1...', type: 'string' },
    { name: 'quiet', description: 'subscribe: quiet hours HH:MM-HH:MM, e.g. 22:00-07:00', type: 'string' },
  ],
  parse: parseAlertsText,
  run(args, env) {
    const what = (args.what ?? 'status').toLowerCase();
    if (what === 'subscribe') return subscribe(args.filter, args.quiet, env);
    if (what === 'unsubscribe') {
      const gone = deleteAlertSubscription(env.ctx.db, channelPlatform(env), env.invoker.channelId);
      return {
        title: gone ? 'Alerts unsubscribed' : 'No alerts here',
        blocks: [
          {
            kind: 'text',
            text: gone ? 'This channel no longer gets alerts.' : 'This channel had no alert subscription.',
          },
        ],
      };
    }
    if (what === 'status') return status(env);
    throw new UserError(
      'alerts.bad_usage',
      `"${args.what}" is not an alerts command; use status, subscribe or unsubscribe.`,
    );
  },
};

function by(env: CommandEnv): string {
  const i = env.invoker;
  return isChatPlatform(i.platform) ? mention(i.platform, i.userId, i.userName) : (i.userName ?? i.userId);
}

function act(env: CommandEnv, value: string, action: AlertAction): Reply {
  const id = parsePublicId(value.split(':')[0] ?? '');
  if (id === null) throw new UserError('alerts.bad_button', 'That alert button is malformed.');
  const r = actOnAlert(
    env.ctx.db,
    env.ctx.config.alerts,
    env.ctx.config.timeZone,
    id,
    action,
    by(env),
    env.ctx.clock.now().getTime(),
  );
  return {
    title: r.text,
    ephemeral: true,
    tone: r.changed ? 'ok' : 'info',
    blocks: [{ kind: 'text', text: r.changed ? `${r.text} The alert's message and its thread show it.` : r.text }],
  };
}

const SNOOZES: SnoozeFor[] = ['1h', '4h', '8am'];

export const actions: ActionDef[] = [
  { action: 'alert.ack', run: (value, env) => act(env, value, { kind: 'ack' }) },
  {
    action: 'alert.snooze',
    run: (value, env) => {
      const f = SNOOZES.find((s) => s === value.split(':')[1]);
      if (!f) throw new UserError('alerts.bad_button', 'That snooze button is malformed.');
      return act(env, value, { kind: 'snooze', for: f });
    },
  },
  { action: 'alert.resolve', run: (value, env) => act(env, value, { kind: 'resolve' }) },
];
