import { UserError } from '../src/errors.js';
import { explain, type Explanation } from '../src/core/sip/explain.js';
import { explanationReply } from '../src/core/sip/explain-reply.js';
import { parseQuery } from '../src/core/sip/parse-query.js';
import type { Ctx } from '../src/context.js';
import type { Reply } from '../src/reply.js';
import { causeStats, codeStats, networkBlocked7d } from '../src/store/code-stats.js';
import type { CommandDef } from './types.js';

/** Parses and explains one query; a query nobody can read is a UserError with suggestions. */
export function explainQuery(query: string): Explanation {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new UserError(parsed.error.code, parsed.error.message, parsed.error.hints);
  return explain(parsed.query, query.trim());
}

/** The explanation with "in your data" beside it. */
export function explainReply(query: string, ctx: Ctx): Reply {
  const e = explainQuery(query);
  const now = ctx.clock.now().getTime();
  if (e.kind === 'code') {
    const stats = codeStats(ctx.db, e.key === '603+' ? { code: 603, networkBlocked: true } : { code: e.code }, now);
    const reply = explanationReply(e, { code: stats });
    const plus = e.key === '603' && stats.last7d > 0 ? networkBlocked7d(ctx.db, now) : 0;
    if (plus > 0) {
      // A plain 603 and 603+ mean different things: say how many of these were network blocks.
      const at = reply.blocks.findIndex((b) => b.kind === 'fields' && b.heading === 'In your data');
      reply.blocks.splice(at + 1, 0, { kind: 'context', text: `${plus.toLocaleString('en-US')} of the ${stats.last7d.toLocaleString('en-US')} were 603 Network Blocked (603+), the analytics-blocking notice: \`/sip 603+\`.` });
    }
    return reply;
  }
  if (e.kind === 'q850') return explanationReply(e, { cause: causeStats(ctx.db, e.cause, now) });
  return explanationReply(e);
}

/** `/sip explain <query>`, and what `/sip 403` falls through to. */
export const command: CommandDef = {
  name: 'explain',
  aliases: ['code', 'why'],
  summary: 'Explain a SIP response, status line, Reason header or Q.850 cause, with your own numbers',
  usage: '/sip explain <code | status line | Reason header | q850 N>',
  examples: ['/sip 403', '/sip SIP/2.0 603 Network Blocked', '/sip Reason: Q.850;cause=21;text="Call Rejected"', '/sip q850 21', '/sip busy'],
  options: [{ name: 'code', description: 'A SIP code, status line, Reason header or q850 <cause>', type: 'string', required: true, rest: true }],
  parse(text: string) {
    return { code: text };
  },
  run(args, { ctx }) {
    return explainReply(args.code ?? '', ctx);
  },
};
