import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import type { Reply } from '../../reply.js';
import { knownCallersLike } from '../../store/number-health.js';
import { createPhoneNormalizer } from '../phone.js';
import { renderNumberChart } from './chart.js';
import { numberHealth, type NumberHealth } from './health.js';
import { numberReply } from './number-reply.js';

/** A caller number as typed (`+1 212 555 0123`, `(212) 555-0123`) in E.164; a UserError otherwise. */
export function parseNumber(raw: string | undefined, country: string, code = 'number'): string {
  const s = (raw ?? '').trim();
  if (!s) throw new UserError(`${code}.missing`, 'Give a caller number, e.g. +12125550123.');
  const p = /^[+(]?\d[\d\s().-]{6,}$/.test(s) ? createPhoneNormalizer(country)(s) : null;
  if (!p || !/^\+\d{8,15}$/.test(p.number))
    throw new UserError(`${code}.bad_number`, `"${s.slice(0, 40)}" is not a phone number.`, [
      'Numbers: +12125550123 or (212) 555-0123.',
    ]);
  return p.number;
}

/** The health of one number over `days` days, or a UserError naming numbers like it when it has no calls. */
export function loadHealth(ctx: Ctx, number: string, days = 30): NumberHealth {
  const h = numberHealth(ctx, number, days);
  if (h.calls === 0 && h.redress.length === 0) {
    const like = knownCallersLike(ctx.db, number);
    throw new UserError(
      'number.no_calls',
      `No calls from ${number} in the last ${days} days.`,
      like.length ? [`Numbers ending the same: ${like.join(', ')}`] : [],
    );
  }
  return h;
}

/** The card for chat and the CLI: the health and its chart. */
export function numberCard(ctx: Ctx, number: string, days = 30): { health: NumberHealth; reply: Reply } {
  const health = loadHealth(ctx, number, days);
  return { health, reply: numberReply(health, renderNumberChart(health)) };
}
