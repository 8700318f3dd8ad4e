import type { CommandEnv, Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import type { Reply } from '../../reply.js';
import { knownRoutes, totals } from '../../store/checklist-facts.js';
import {
  createEscalationOnce,
  getEscalation,
  listEvents,
  transitionEscalation,
  type EscalationRow,
  type EscalationStatus,
  type Urgency,
} from '../../store/escalations.js';
import { getWalkthrough } from '../../store/walkthroughs.js';
import { stands } from '../checklist/probes.js';
import { loadWalk } from '../checklist/service.js';
import { parseKnownSubject, parseSubject, subjectLabel } from '../checklist/subject.js';
import { buildBundle, bundleFiles } from './bundle.js';
import { isExpert } from './experts.js';
import { enqueueCreated, enqueueStatusChange } from './notify.js';
import { escalationModal, renderEscalation, renderReceipt, URGENCIES } from './render.js';

export type Env = CommandEnv;

/** A second request by the same person on the same subject within this window is the same request. */
export const DEDUPE_MS = 10 * 60_000;

function routes(ctx: Ctx): string[] {
  return knownRoutes(ctx.db);
}

/**
 * `/sip escalate [subject] [note]`: the first word is the subject when it is a number, region
 * or known route; otherwise everything is the note and the subject is the whole account.
 */
export function splitEscalateText(ctx: Ctx, text: string): { subject: string; note: string } {
  const t = text.trim();
  if (!t) return { subject: '*', note: '' };
  const known = routes(ctx);
  const m = /^(\+?[\d\s().-]{7,}\d)(?:\s+(.*))?$/s.exec(t);
  if (m) return { subject: parseSubject(m[1], known, ctx.config.defaultCountry).value, note: (m[2] ?? '').trim() };
  const [first = '', ...rest] = t.split(/\s+/);
  const s = parseSubject(first, known, ctx.config.defaultCountry);
  if (s.kind === 'region' || s.kind === 'number' || known.includes(first) || first === '*')
    return { subject: s.value, note: rest.join(' ') };
  return { subject: '*', note: t };
}

/** Opens the request form, for a subject or for a finished walkthrough (`w:<id>`). */
export function openForm(env: Env, subject: string, note: string, walkthroughId: number | null): Reply {
  const contact = env.invoker.userName ?? '';
  return {
    title: `Ask an expert about ${subjectLabel(subject)}`,
    blocks: [
      {
        kind: 'text',
        text: 'Fill in the form: subject, urgency, what you tried and how to reach you. The evidence is gathered from your calls when you submit.',
      },
    ],
    modal: escalationModal(subject, note, walkthroughId, contact),
    ephemeral: true,
  };
}

/**
 * The `escalate.open` button. Its value is `w:<walkthrough id>` (a verdict), a subject (a digest
 * finding) or the SIP code / Q.850 cause being explained (`/sip 603`). A 3-digit value is both a
 * SIP code and a NANP area code (603 is New Hampshire): it is the region only when calls into it
 * stand out in the last 7 days (a digest would have found it), else the code.
 */
export function openFormFromButton(env: Env, value: string): Reply {
  const m = /^w:(\d+)$/.exec(value);
  if (m) {
    const row = getWalkthrough(env.ctx.db, Number(m[1]));
    if (!row)
      throw new UserError(
        'escalate.unknown_walkthrough',
        `Walkthrough #${m[1]} does not exist any more; use \`/sip escalate\`.`,
      );
    const { state } = loadWalk(row);
    const note = state.verdict ? `Walked the 403 checklist (#${row.id}): verdict ${state.verdict}.` : '';
    return openForm(env, row.subject, note, row.id);
  }
  const v = value.trim();
  const code =
    /^(?:q\.?850\s*(?:cause\s*)?\d{1,3}|[1-6]\d\d\+?)$/i.test(v) && !(/^\d{3}$/.test(v) && regionStandsOut(env.ctx, v));
  if (code)
    return openForm(
      env,
      '*',
      `Calls fail with ${/^q/i.test(v) ? `Q.850 cause ${/(\d{1,3})$/.exec(v)?.[1] ?? ''}` : `SIP ${v}`}.`,
      null,
    );
  return openForm(env, parseSubject(v, routes(env.ctx), env.ctx.config.defaultCountry).value, '', null);
}

function regionStandsOut(ctx: Ctx, region: string): boolean {
  const toMs = ctx.clock.now().getTime();
  const window = { fromMs: toMs - 7 * 86_400_000, toMs };
  const all = totals(ctx.db, window);
  const mine = totals(ctx.db, { ...window, region });
  return stands(
    mine.blocked,
    mine.calls,
    all.calls > mine.calls ? (all.blocked - mine.blocked) / (all.calls - mine.calls) : 0,
  );
}

function urgencyOf(v: string | undefined): Urgency {
  const u = (v ?? 'normal').trim().toLowerCase();
  const hit = URGENCIES.find((x) => x.value === u || x.label.toLowerCase().startsWith(u));
  if (!hit)
    throw new UserError(
      'escalate.urgency',
      `Urgency "${v}" is not one of ${URGENCIES.map((x) => x.value).join(', ')}.`,
    );
  return hit.value;
}

/** The form's submission: creates the escalation once, with its evidence frozen, and queues its posts. */
export function submitForm(env: Env, privateValue: string, values: Record<string, string>): Reply {
  const { ctx, invoker } = env;
  const [wid = '', hidden = '*'] = privateValue.split('|');
  const typed = values.subject?.trim();
  const subject =
    typed && typed !== 'all calls'
      ? parseKnownSubject(typed, routes(ctx), ctx.config.defaultCountry).value
      : hidden || '*';
  const urgency = urgencyOf(values.urgency);
  const walkRow = wid ? getWalkthrough(ctx.db, Number(wid)) : undefined;
  const walk = walkRow && walkRow.subject === subject ? loadWalk(walkRow) : null;
  const now = ctx.clock.now();
  const { row, created } = createEscalationOnce(
    ctx.db,
    {
      subject,
      urgency,
      note: values.tried?.trim() || null,
      contact: values.contact?.trim() || null,
      requesterPlatform: invoker.platform,
      requesterId: invoker.userId,
      requesterName: invoker.userName ?? null,
      channelId: invoker.channelId,
      threadId: invoker.threadId ?? null,
      teamId: invoker.teamId ?? null,
      walkthroughId: walk ? walkRow!.id : null,
    },
    now.getTime(),
    DEDUPE_MS,
    (id) =>
      JSON.stringify(
        buildBundle(
          ctx,
          {
            id,
            subject,
            urgency,
            note: values.tried?.trim() || null,
            contact: values.contact?.trim() || null,
            requested_by: invoker.userName ?? invoker.userId,
            where: `${invoker.platform}:${invoker.channelId}`,
            created_at: now.toISOString(),
          },
          walk,
        ),
      ),
    (r, eventId) => enqueueCreated(ctx, r, eventId),
  );
  ctx.log.info(
    { escalation: row.id, subject, urgency, created },
    created ? 'escalation created' : 'escalation already open',
  );
  return renderReceipt(row, created, ctx.config.escalation.channels, bundleFiles(row.id, row.bundleJson));
}

const MOVES: Record<'ack' | 'assign' | 'resolve', { from: EscalationStatus[]; to: EscalationStatus }> = {
  ack: { from: ['open'], to: 'acknowledged' },
  assign: { from: ['open', 'acknowledged', 'assigned'], to: 'assigned' },
  resolve: { from: ['open', 'acknowledged', 'assigned'], to: 'resolved' },
};

function load(env: Env, value: string): EscalationRow {
  const id = Number(value.trim().replace(/^#/, ''));
  const row = Number.isInteger(id) ? getEscalation(env.ctx.db, id) : undefined;
  if (!row) throw new UserError('escalate.unknown', `Escalation #${value} does not exist.`);
  return row;
}

export type Move = keyof typeof MOVES;
export const MOVE_NAMES = Object.keys(MOVES) as Move[];

/**
 * Moves an escalation (ack, assign to the invoker, resolve) and queues the requester's notice,
 * the in-place updates of its posts and the webhook. `changed` is false when it already was
 * there (a second press, a re-run command); null when the invoker is not an expert.
 */
export function transition(env: Env, move: Move, value: string): { row: EscalationRow; changed: boolean } | null {
  const { ctx, invoker } = env;
  const row = load(env, value);
  if (!isExpert(ctx, invoker)) {
    ctx.log.info({ escalation: row.id, user: invoker.userId, move }, 'escalation action refused: not an expert');
    return null;
  }
  const actor = { platform: invoker.platform, id: invoker.userId, name: invoker.userName ?? null };
  const next = transitionEscalation(
    ctx.db,
    row.id,
    MOVES[move].from,
    MOVES[move].to,
    actor,
    ctx.clock.now().getTime(),
    (r, eventId) => enqueueStatusChange(ctx, r, eventId, { platform: invoker.platform, channelId: invoker.channelId }),
  );
  if (next) ctx.log.info({ escalation: row.id, status: next.status, by: invoker.userId }, 'escalation status changed');
  return { row: next ?? getEscalation(ctx.db, row.id)!, changed: next !== null };
}

/** Acknowledge / Assign to me / Resolve: experts only; the message updates in place. */
export function act(env: Env, move: Move, value: string): Reply {
  const done = transition(env, move, value);
  if (!done) {
    return {
      title: 'Only the escalation experts can do that',
      blocks: [
        {
          kind: 'text',
          text: `Thanks for looking. Acknowledging, assigning and resolving escalations is limited to the experts named in SIPBOT_EXPERTS. If you should be one, ask an admin to add you.`,
        },
      ],
      ephemeral: true,
    };
  }
  const reply = renderEscalation(done.row, listEvents(env.ctx.db, done.row.id));
  if (!done.changed)
    reply.blocks.push({ kind: 'context', text: `Nothing changed: the escalation is already ${done.row.status}.` });
  return { ...reply, replaceOriginal: true };
}

/** The Evidence button: the frozen bundle as JSON and CSV files, for the presser only. */
export function evidence(env: Env, value: string): Reply {
  const row = load(env, value);
  return {
    title: `Evidence for escalation #${row.id}: ${subjectLabel(row.subject)}`,
    blocks: [
      {
        kind: 'text',
        text: `Frozen at ${new Date(row.createdMs).toISOString().slice(0, 16).replace('T', ' ')} UTC: 7 days of calls for the subject, the per-route table, the latest refusals with their reason phrases${row.walkthroughId ? ' and the checklist transcript' : ''}.`,
      },
    ],
    files: bundleFiles(row.id, row.bundleJson),
    ephemeral: true,
  };
}
