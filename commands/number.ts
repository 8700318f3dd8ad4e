import { numberCard, parseNumber } from '../src/core/number/service.js';
import { UserError } from '../src/errors.js';
import type { ActionDef, CommandDef } from './types.js';

/** `/sip number +1...`: one caller number's health over 30 days, with its chart and what to do. */
export const command: CommandDef = {
  name: 'number',
  aliases: ['health'],
  summary: "One caller number's health: refusals per route and day, verdicts, what to do",
  usage: '/sip number <caller number> [days, default 30]',
  examples: ['/sip number +12125550123', '/sip number (212) 555-0123 14'],
  options: [
    { name: 'number', description: 'The caller number, e.g. +12125550123', type: 'string', required: true },
    { name: 'days', description: 'How many days back (default 30, at most 90)', type: 'integer' },
  ],
  slow: true,
  parse(text) {
    const m = /^(.*?)(?:\s+(\d{1,2}))?$/s.exec(text.trim());
    return { number: m?.[1]?.trim() || undefined, days: m?.[2] };
  },
  run(args, { ctx }) {
    const days = args.days === undefined ? 30 : Number(args.days);
    if (!Number.isInteger(days) || days < 2 || days > 90)
      throw new UserError('number.bad_days', `"${args.days}" days: give 2 to 90.`);
    return numberCard(ctx, parseNumber(args.number, ctx.config.defaultCountry), days).reply;
  },
};

export const actions: ActionDef[] = [
  // "Number health" on a number finding (digest, patterns): the card of that number.
  {
    action: 'number.show',
    run: (value, { ctx }) => numberCard(ctx, parseNumber(value, ctx.config.defaultCountry)).reply,
  },
];
