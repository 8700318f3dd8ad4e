import { parseSince, parseSubject } from '../src/core/analysis/window-args.js';
import { callsReply } from '../src/core/calls/calls-reply.js';
import { ticketButton } from '../src/core/calls/buttons.js';
import { decodeQuery, parseCode, type CallQuery, type CallSubject } from '../src/core/calls/query.js';
import { carrierTicket } from '../src/core/calls/ticket.js';
import { findCode } from '../src/core/sip/codes.js';
import type { Ctx } from '../src/context.js';
import { UserError } from '../src/errors.js';
import { knownRoutes } from '../src/store/checklist-facts.js';
import type { ActionDef, Args, CommandDef } from './types.js';

const DAY = 86_400_000;

/**
 * `[subject] [code] [since] [all]` in any order (a word shaped like a duration, `48h` or `5x`, is the window): `+12125550123 24h`, `sipline 603+ 7d`,
 * `region:403` (a bare 403 is the SIP code; a bare 512 is no SIP code, so the area code).
 */
export function parseCallsText(text: string): Args {
  const args: Args = {};
  const rest: string[] = [];
  for (const w of text.trim().split(/\s+/).filter(Boolean)) {
    const code = /^(?:code:)?([1-6]\d\d\+?)$/i.exec(w);
    if (
      (/^\d+(\.\d+)?[a-z]+$/i.test(w) || /^(today|yesterday|\d{4}-\d{2}-\d{2})$/i.test(w)) &&
      args.since === undefined
    )
      args.since = w;
    else if (/^since$/i.test(w)) continue;
    else if (code && (w.startsWith('code:') || findCode(code[1]!)) && args.code === undefined) args.code = code[1];
    else if (/^all$/i.test(w)) args.all = 'yes';
    else rest.push(w.replace(/^(region|area):/i, ''));
  }
  if (rest.length) args.subject = rest.join(' ');
  return args;
}

function subjectOf(raw: string | undefined, ctx: Ctx): CallSubject {
  if (!raw?.trim() || raw.trim() === '*') return { kind: 'account' };
  const s = parseSubject(raw, ctx.config.defaultCountry);
  if ('number' in s) return { kind: 'number', value: s.number };
  if ('region' in s) return { kind: 'region', value: s.region };
  const routes = knownRoutes(ctx.db);
  if (!routes.includes(s.route)) {
    throw new UserError(
      'calls.unknown_route',
      `No route "${s.route}" in your calls.`,
      routes.length ? [`Routes: ${routes.slice(0, 12).join(', ')}`] : [],
    );
  }
  return { kind: 'route', value: s.route };
}

/** `/sip calls [number|route|region] [code] [since]`: the refused calls behind a finding, with a CSV. */
export const command: CommandDef = {
  name: 'calls',
  summary: 'List the refused calls behind a finding (time, numbers, route, code, call id), with a CSV',
  usage: '/sip calls [number|route|region] [code] [since, e.g. 24h] [all]',
  examples: [
    '/sip calls',
    '/sip calls +12125550123',
    '/sip calls sipline 7d',
    '/sip calls 603+ 48h',
    '/sip calls region:876',
  ],
  options: [
    { name: 'subject', description: 'A caller number, route, area code or country (optional)', type: 'string' },
    {
      name: 'code',
      description: 'Only this SIP code: 403, 603+, 608... (optional; default: every refusal)',
      type: 'string',
    },
    { name: 'since', description: 'How far back: 24h (default), 90m, 7d', type: 'string' },
  ],
  slow: true,
  parse: parseCallsText,
  run(args, { ctx }) {
    const since = args.since === undefined ? DAY : parseSince(args.since, ctx.clock.now());
    if (since === null)
      throw new UserError(
        'calls.bad_since',
        `"${args.since}" is not a duration; try 24h, 90m, 7d, yesterday or a date (2026-11-20).`,
      );
    if (args.code !== undefined) parseCode(args.code);
    const toMs = ctx.clock.now().getTime();
    const subject = subjectOf(args.subject, ctx);
    const q: CallQuery = {
      fromMs: toMs - since,
      toMs,
      subject,
      page: 0,
      // A code names what to list; without one, the refusals (`all`: every call).
      blocked: args.code === undefined && args.all === undefined,
      ...(args.code !== undefined ? { code: args.code } : {}),
    };
    return callsReply(ctx.db, q, {
      attach: true,
      extraButtons: subject.kind === 'route' ? [ticketButton(subject.value, q.fromMs, q.toMs)] : [],
    });
  },
};

export const actions: ActionDef[] = [
  // From findings, explain, escalations and the ticket: the first page and the CSV.
  { action: 'calls.show', run: (value, env) => callsReply(env.ctx.db, decodeQuery(value), { attach: true }) },
  // Newer / Older: replaces the page in place, without uploading the CSV again.
  { action: 'calls.page', run: (value, env) => callsReply(env.ctx.db, decodeQuery(value), { attach: false }) },
  {
    action: 'calls.ticket',
    run(value, env) {
      const m = /^(.+)\|([0-9a-z]+)\|([0-9a-z]+)$/.exec(value);
      const fromMs = m ? Number.parseInt(m[2]!, 36) : NaN;
      const toMs = m ? Number.parseInt(m[3]!, 36) : NaN;
      if (!m || !(fromMs < toMs))
        throw new UserError('calls.bad_button', 'That button has expired; run `/sip calls ROUTE` again.');
      return carrierTicket(env.ctx, m[1]!, fromMs, toMs);
    },
  },
];
