import { CHAT_PLATFORM_NAMES, isChatPlatform, type ChatPlatformName } from '../src/adapters/platforms.js';
import { buildDigest } from '../src/core/digest/build-digest.js';
import { assertTimeZone, localDate, resolveDay } from '../src/core/digest/day-window.js';
import { parseSubject } from '../src/core/analysis/window-args.js';
import { dueInstant, parseLocalTime } from '../src/core/schedule/due.js';
import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';
import {
  deleteSubscription,
  getSubscription,
  postsOf,
  upsertSubscription,
  type Subscription,
} from '../src/store/subscriptions.js';
import type { CommandDef, CommandEnv } from './types.js';

/** Subscriptions belong to a chat channel: any platform of the list, not the CLI or HTTP. */
function channelPlatform(env: CommandEnv): ChatPlatformName {
  const p = env.invoker.platform;
  if (!isChatPlatform(p)) {
    throw new UserError(
      'digest.no_channel',
      `Digest subscriptions belong to a chat channel; run this in a chat (${CHAT_PLATFORM_NAMES.join(', ')}).`,
    );
  }
  return p;
}

export function describe(s: Subscription): string {
  const filter = s.filterKind ? ` for ${s.filterKind} \`${s.filterValue}\`` : '';
  return `daily at ${s.localTime} ${s.timeZone}${filter}`;
}

export function nextPost(s: Subscription, now: Date): string {
  const today = localDate(now, s.timeZone);
  let at = dueInstant(today, s.localTime, s.timeZone);
  if (at <= now.getTime() || (s.lastDate !== null && s.lastDate >= today)) {
    const t = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    at = dueInstant(t, s.localTime, s.timeZone);
  }
  return new Date(at).toLocaleString('en-GB', {
    timeZone: s.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

function subscribe(
  time: string | undefined,
  zone: string | undefined,
  filter: string | undefined,
  env: CommandEnv,
): Reply {
  const platform = channelPlatform(env);
  if (!time || !parseLocalTime(time)) {
    throw new UserError(
      'digest.bad_time',
      'Give a local time HH:MM, e.g. `/sip digest subscribe 08:00 America/Chicago`.',
    );
  }
  const tz = zone ?? env.ctx.config.timeZone;
  assertTimeZone(tz);
  let filterKind: Subscription['filterKind'] = null;
  let filterValue: string | null = null;
  if (filter) {
    const m = /^(route|number):(.+)$/i.exec(filter.trim());
    if (!m) throw new UserError('digest.bad_filter', 'A filter reads `route:NAME` or `number:+12125550123`.');
    filterKind = m[1]!.toLowerCase() as 'route' | 'number';
    filterValue = m[2]!.trim();
    if (filterKind === 'number') {
      const s = parseSubject(filterValue, env.ctx.config.defaultCountry);
      if (!('number' in s)) throw new UserError('digest.bad_filter', `"${filterValue}" is not a phone number.`);
      filterValue = s.number;
    }
  }
  const hh = time.padStart(5, '0');
  const sub = upsertSubscription(env.ctx.db, {
    platform,
    channelId: env.invoker.channelId,
    threadId: env.invoker.threadId ?? null,
    localTime: hh,
    timeZone: tz,
    filterKind,
    filterValue,
    createdBy: env.invoker.userId,
    createdMs: env.ctx.clock.now().getTime(),
  });
  return {
    title: 'Digest subscribed',
    tone: 'ok',
    blocks: [
      {
        kind: 'text',
        text: `This channel gets the 403 digest ${describe(sub)}. Next: ${nextPost(sub, env.ctx.clock.now())}.`,
      },
    ],
  };
}

function status(env: CommandEnv): Reply {
  const sub = getSubscription(env.ctx.db, channelPlatform(env), env.invoker.channelId);
  if (!sub) {
    return {
      title: 'No digest here',
      ephemeral: true,
      blocks: [
        {
          kind: 'text',
          text: 'This channel has no digest subscription. `/sip digest subscribe 08:00 America/Chicago` adds one.',
        },
      ],
    };
  }
  const posts = postsOf(env.ctx.db, sub.id, 5);
  return {
    title: 'Digest subscription',
    ephemeral: true,
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Schedule', value: describe(sub) },
          { label: 'Next post', value: nextPost(sub, env.ctx.clock.now()) },
        ],
      },
      posts.length
        ? {
            kind: 'table',
            heading: 'Recent posts',
            columns: ['for', 'posted', 'late'],
            rows: posts.map((p) => [
              p.localDate,
              p.postedMs ? new Date(p.postedMs).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'pending',
              p.late ? 'yes' : '',
            ]),
          }
        : { kind: 'context', text: 'Nothing posted yet.' },
    ],
  };
}

/** `/sip digest [date]`, `subscribe HH:MM ZONE [route:R|number:N]`, `unsubscribe`, `status`. */
export const command: CommandDef = {
  name: 'digest',
  summary: 'The daily 403 digest: show a day, or subscribe this channel to it',
  usage: '/sip digest [YYYY-MM-DD | subscribe HH:MM ZONE [route:R|number:N] | unsubscribe | status]',
  examples: [
    '/sip digest',
    '/sip digest 2026-11-20',
    '/sip digest subscribe 08:00 America/Chicago',
    '/sip digest subscribe 07:30 Europe/London route:sipline',
    '/sip digest status',
    '/sip digest unsubscribe',
  ],
  options: [
    {
      name: 'what',
      description: 'A date (YYYY-MM-DD, yesterday, today; default yesterday), subscribe, unsubscribe or status',
      type: 'string',
    },
    { name: 'time', description: 'subscribe: local time HH:MM', type: 'string' },
    { name: 'zone', description: 'subscribe: IANA time zone, e.g. America/Chicago', type: 'string' },
    { name: 'filter', description: 'subscribe: route:NAME or number:+1...', type: 'string' },
  ],
  slow: true,
  run(args, env) {
    const what = args.what?.toLowerCase();
    if (what === 'subscribe') return subscribe(args.time, args.zone, args.filter, env);
    if (what === 'unsubscribe') {
      const gone = deleteSubscription(env.ctx.db, channelPlatform(env), env.invoker.channelId);
      return {
        title: gone ? 'Digest unsubscribed' : 'No digest here',
        blocks: [
          {
            kind: 'text',
            text: gone
              ? 'This channel no longer gets the daily 403 digest.'
              : 'This channel had no digest subscription.',
          },
        ],
      };
    }
    if (what === 'status') return status(env);
    const tz = env.ctx.config.timeZone;
    const date = resolveDay(args.what, env.ctx.clock.now(), tz);
    return buildDigest(env.ctx.db, { date, timeZone: tz }).reply;
  },
};
