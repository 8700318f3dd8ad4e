import { MOVE_NAMES, act, type Move } from '../src/core/escalation/service.js';
import { escalationButtons, renderEscalation } from '../src/core/escalation/render.js';
import { subjectLabel } from '../src/core/checklist/subject.js';
import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';
import { getEscalation, listEvents, listOpenEscalations } from '../src/store/escalations.js';
import type { CommandDef, CommandEnv } from './types.js';

const STATE: Record<string, string> = {
  open: 'open, not acknowledged',
  acknowledged: 'acknowledged',
  assigned: 'assigned',
  resolved: 'resolved',
};

/** The open escalations as a table: what the console and Discord have instead of buttons on a post. */
export function openEscalationsReply(env: CommandEnv): Reply {
  const rows = listOpenEscalations(env.ctx.db, 25);
  if (!rows.length)
    return {
      title: 'No open escalations',
      ephemeral: true,
      tone: 'ok',
      blocks: [{ kind: 'text', text: 'Nothing waits for an expert. `/sip escalate` asks for one.' }],
    };
  return {
    title: `${rows.length} open escalation${rows.length === 1 ? '' : 's'}`,
    ephemeral: true,
    tone: 'warn',
    blocks: [
      {
        kind: 'table',
        columns: ['id', 'state', 'urgency', 'subject', 'opened (UTC)', 'assignee'],
        rows: rows.map((e) => [
          `#${e.id}`,
          STATE[e.status] ?? e.status,
          e.urgency,
          subjectLabel(e.subject),
          new Date(e.createdMs).toISOString().slice(5, 16).replace('T', ' '),
          e.assigneeName ?? e.assigneeId ?? '-',
        ]),
      },
      { kind: 'context', text: '`/sip escalations show ID`, `ack ID`, `assign ID` (to you), `resolve ID`.' },
    ],
    // The oldest open one's actions, so one press acknowledges what has waited longest.
    buttons: escalationButtons(rows.at(-1)!).map((b) => ({ ...b, label: `${b.label} #${rows.at(-1)!.id}` })),
  };
}

/** `/sip escalations [show|ack|assign|resolve ID]`: the open escalations, one in full, or a state change. */
export const command: CommandDef = {
  name: 'escalations',
  summary: 'List open escalations; show, acknowledge, take or resolve one',
  usage: '/sip escalations [show|ack|assign|resolve ID]',
  examples: ['/sip escalations', '/sip escalations show 3', '/sip escalations ack 3', '/sip escalations resolve 3'],
  options: [
    {
      name: 'action',
      description: 'show, ack, assign (to you) or resolve; empty: list the open ones',
      type: 'string',
      choices: ['show', 'ack', 'assign', 'resolve'].map((v) => ({ name: v, value: v })),
    },
    { name: 'id', description: 'The escalation number', type: 'string' },
  ],
  run(args, env) {
    const action = args.action?.toLowerCase();
    if (!action) return openEscalationsReply(env);
    if (!args.id)
      throw new UserError(
        'escalations.no_id',
        `Which escalation? \`/sip escalations ${action} ID\`; \`/sip escalations\` lists the open ones.`,
      );
    if (action === 'show') {
      const e = getEscalation(env.ctx.db, Number(args.id.replace(/^#/, '')));
      if (!e) throw new UserError('escalate.unknown', `Escalation #${args.id} does not exist.`);
      return { ...renderEscalation(e, listEvents(env.ctx.db, e.id)), ephemeral: true };
    }
    if (!(MOVE_NAMES as string[]).includes(action)) {
      throw new UserError('escalations.bad_action', `"${action}" is not one of show, ${MOVE_NAMES.join(', ')}.`);
    }
    // A typed command answers with a new message, not by replacing one.
    return { ...act(env, action as Move, args.id), replaceOriginal: false };
  },
};
