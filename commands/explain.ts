import { UserError } from '../src/errors.js';
import { analyzeWindow } from '../src/core/analysis/analyze.js';
import { answerFirstReply } from '../src/core/sip/answer-first.js';
import { explain, type CodeExplanation, type Explanation } from '../src/core/sip/explain.js';
import { explanationReply } from '../src/core/sip/explain-reply.js';
import { parseQuery } from '../src/core/sip/parse-query.js';
import type { Ctx } from '../src/context.js';
import type { Block, Reply } from '../src/reply.js';
import { causeStats, codeStats, networkBlocked7d, type CodeStats } from '../src/store/code-stats.js';
import type { ActionDef, CommandDef } from './types.js';

const DAY = 86_400_000;

/** Parses and explains one query; a query nobody can read is a UserError with suggestions. */
export function explainQuery(query: string): Explanation {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new UserError(parsed.error.code, parsed.error.message, parsed.error.hints);
  return explain(parsed.query, query.trim());
}

function codeStatsOf(ctx: Ctx, e: CodeExplanation): CodeStats {
  return codeStats(
    ctx.db,
    e.key === '603+' ? { code: 603, networkBlocked: true } : { code: e.code },
    ctx.clock.now().getTime(),
  );
}

/** A plain 603 and 603+ mean different things: how many of the 603s were network blocks. */
function plusNote(ctx: Ctx, e: CodeExplanation, stats: CodeStats): Block[] {
  const plus = e.key === '603' && stats.last7d > 0 ? networkBlocked7d(ctx.db, ctx.clock.now().getTime()) : 0;
  return plus > 0
    ? [
        {
          kind: 'context',
          text: `${plus.toLocaleString('en-US')} of the ${stats.last7d.toLocaleString('en-US')} were 603 Network Blocked (603+), the analytics-blocking notice: \`/sip 603+\`.`,
        },
      ]
    : [];
}

/** The whole explanation (the textbook) with "in your data" beside it: the CLI and "More about 403". */
export function explainReply(query: string, ctx: Ctx): Reply {
  const e = explainQuery(query);
  const now = ctx.clock.now().getTime();
  if (e.kind === 'code') {
    const stats = codeStatsOf(ctx, e);
    const reply = explanationReply(e, { code: stats });
    const at = reply.blocks.findIndex((b) => b.kind === 'fields' && b.heading === 'In your data');
    reply.blocks.splice(at + 1, 0, ...plusNote(ctx, e, stats));
    return reply;
  }
  if (e.kind === 'q850') return explanationReply(e, { cause: causeStats(ctx.db, e.cause, now) });
  return explanationReply(e);
}

/**
 * `/sip <code>` in chat: with calls in the last 7 days, the answer first (them or the network,
 * from the last 24 hours' findings), then the figures, the textbook behind a button; only the
 * asker sees it until Share. Without data, or for a phrase or Q.850 cause, the whole explanation.
 */
export function chatExplainReply(query: string, ctx: Ctx, shared: boolean): Reply {
  const e = explainQuery(query);
  if (e.kind === 'code' && e.code >= 300) {
    const stats = codeStatsOf(ctx, e);
    if (stats.total7d > 0) {
      const now = ctx.clock.now();
      const analysis = e.policy_refusal
        ? analyzeWindow(ctx.db, { from: new Date(now.getTime() - DAY), to: now, timeZone: ctx.config.timeZone })
        : null;
      return answerFirstReply({
        e,
        stats,
        analysis,
        nowMs: now.getTime(),
        timeZone: ctx.config.timeZone,
        shared,
        query,
        extra: plusNote(ctx, e, stats),
      });
    }
  }
  const reply = explainReply(query, ctx);
  if (!shared && e.kind !== 'phrase') {
    reply.ephemeral = true;
    reply.buttons = [
      ...(reply.buttons ?? []),
      { label: 'Share', action: 'explain.share', value: query.slice(0, 1500), style: 'primary' },
    ];
  }
  return reply;
}

/** `/sip explain <query>`, and what `/sip 403` falls through to. */
export const command: CommandDef = {
  name: 'explain',
  shared: true,
  aliases: ['code', 'why'],
  summary: 'Explain a SIP response, status line, Reason header or Q.850 cause, with your own numbers',
  usage: '/sip explain <code | status line | Reason header | q850 N>',
  examples: [
    '/sip 403',
    '/sip SIP/2.0 603 Network Blocked',
    '/sip Reason: Q.850;cause=21;text="Call Rejected"',
    '/sip q850 21',
    '/sip busy',
  ],
  options: [
    {
      name: 'code',
      description: 'A SIP code, status line, Reason header or q850 <cause>',
      type: 'string',
      required: true,
      rest: true,
    },
  ],
  parse(text: string) {
    return { code: text };
  },
  run(args, { ctx }) {
    return chatExplainReply(args.code ?? '', ctx, false);
  },
};

export const actions: ActionDef[] = [
  // The textbook behind the answer: value is the code's key (`403`, `603+`).
  { action: 'explain.more', run: (value, env) => ({ ...explainReply(value, env.ctx), ephemeral: true }) },
  // Posts the answer to the channel for everyone: value is the asker's query.
  { action: 'explain.share', run: (value, env) => chatExplainReply(value, env.ctx, true) },
];
