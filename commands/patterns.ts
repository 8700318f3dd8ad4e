import { parseSince, parseSubject } from '../src/core/analysis/window-args.js';
import { buildPatterns } from '../src/core/digest/build-patterns.js';
import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';
import type { ActionDef, Args, CommandDef, CommandEnv } from './types.js';

const DAY = 86_400_000;

/** `[subject] [since]`: `+12125550123 48h`, `24h`, `sipline 7d`, `(212) 555-0123`. */
function parse(text: string): Args {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const args: Args = {};
  const last = words.at(-1);
  // A trailing word shaped like a duration (`48h`, `5x`) is the window; parse errors name it.
  if (
    last !== undefined &&
    (/^\d+(\.\d+)?[a-z]+$/i.test(last) || /^(today|yesterday|\d{4}-\d{2}-\d{2})$/i.test(last))
  ) {
    args.since = last;
    words.pop();
    if (words.at(-1)?.toLowerCase() === 'since') words.pop();
  }
  if (words.length) args.subject = words.join(' ');
  return args;
}

function run(subjectText: string | undefined, from: Date, to: Date, env: CommandEnv, detail: boolean): Reply {
  const s = subjectText ? parseSubject(subjectText, env.ctx.config.defaultCountry) : {};
  const { reply } = buildPatterns(env.ctx.db, { from, to, timeZone: env.ctx.config.timeZone, detail, ...s });
  return reply;
}

/** `/sip patterns [number|route|region] [since]`: the 403 pattern analysis over the last hours or days. */
export const command: CommandDef = {
  name: 'patterns',
  shared: true,
  aliases: ['pattern'],
  summary: 'Find 403 patterns: which numbers, routes, regions and hours, and why',
  usage: '/sip patterns [number|route|area code] [since, e.g. 24h]',
  examples: ['/sip patterns', '/sip patterns +12125550123', '/sip patterns sipline 48h', '/sip patterns 7d'],
  options: [
    { name: 'subject', description: 'A caller number, route, area code or country (optional)', type: 'string' },
    { name: 'since', description: 'How far back: 24h (default), 90m, 7d, yesterday, a date', type: 'string' },
  ],
  slow: true,
  parse,
  run(args, env) {
    const since = args.since === undefined ? DAY : parseSince(args.since, env.ctx.clock.now());
    if (since === null)
      throw new UserError(
        'patterns.bad_since',
        `"${args.since}" is not a duration; try 24h, 90m, 7d, yesterday or a date (2026-11-20).`,
      );
    const to = env.ctx.clock.now();
    return run(args.subject, new Date(to.getTime() - since), to, env, Boolean(args.subject));
  },
};

/**
 * The "Details" button of a finding. Value: the subject, optionally `|fromMs|toMs` for the exact
 * window of the digest it came from; without it, the last 24 hours. A bare SIP code (`403`,
 * `603+`, `q850 21`, from explain's "Show patterns") shows the last 24 hours' patterns with it.
 */
export const actions: ActionDef[] = [
  {
    action: 'patterns.show',
    run(value, env) {
      // From explain's "Show patterns": a SIP code or `q850 21`, not a subject.
      const code = /^(q850\s+\d+|[1-6]\d\d\+?)$/i.test(value.trim()) ? value.trim() : undefined;
      if (code) {
        const to = env.ctx.clock.now();
        const { reply } = buildPatterns(env.ctx.db, {
          from: new Date(to.getTime() - DAY),
          to,
          timeZone: env.ctx.config.timeZone,
          ...(/^q850/i.test(code) ? {} : { code }),
        });
        return reply;
      }
      const [subject = '', fromS, toS] = value.split('|');
      const to = toS ? new Date(Number(toS)) : env.ctx.clock.now();
      const from = fromS ? new Date(Number(fromS)) : new Date(to.getTime() - DAY);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
        throw new UserError('patterns.bad_button', 'That button has expired; run `/sip patterns` again.');
      }
      return run(subject === '*' ? undefined : subject, from, to, env, true);
    },
  },
];
