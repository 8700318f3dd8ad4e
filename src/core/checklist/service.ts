import type { CommandEnv } from '../../context.js';
import { UserError } from '../../errors.js';
import type { Reply } from '../../reply.js';
import { knownRoutes } from '../../store/checklist-facts.js';
import {
  getWalkthrough,
  openWalkthrough,
  saveWalkthrough,
  setWalkthroughStatus,
  type WalkRow,
} from '../../store/walkthroughs.js';
import { computeFacts, FACTS_DAYS } from './facts.js';
import { initialState, step, type Facts, type WalkState } from './machine.js';
import { parseAnswerValue, renderWalk } from './render.js';
import { loadChecklist } from './schema.js';
import { parseKnownSubject } from './subject.js';

/** Who is asking, and the context they ask in (the same shape as a command's env). */
export type { CommandEnv };

function ttlMs(env: CommandEnv): number {
  return env.ctx.config.checklist.ttlHours * 3_600_000;
}

function who(env: CommandEnv): string {
  return env.invoker.userName ?? env.invoker.userId;
}

export function loadWalk(row: WalkRow): { state: WalkState; facts: Facts } {
  return { state: JSON.parse(row.stateJson) as WalkState, facts: JSON.parse(row.factsJson) as Facts };
}

/** `/sip check [subject]` and the `check.start` button: resumes the active walkthrough or starts one. */
export function startCheck(env: CommandEnv, rawSubject: string | undefined): Reply {
  const { ctx, invoker } = env;
  const c = loadChecklist();
  const now = ctx.clock.now().getTime();
  const routes = knownRoutes(ctx.db);
  // From a digest or patterns finding: `subject|fromMs|toMs`, the window the finding was found in,
  // so the walkthrough shows the same figures for the same day.
  const [typed, fromS, toS] = (rawSubject ?? '').split('|');
  const window = fromS && toS && Number(fromS) < Number(toS) ? { fromMs: Number(fromS), toMs: Number(toS) } : undefined;
  const subject = parseKnownSubject(typed, routes, ctx.config.defaultCountry).value;
  const { row, created } = openWalkthrough(
    ctx.db,
    { platform: invoker.platform, userId: invoker.userId, channelId: invoker.channelId, subject },
    now,
    ttlMs(env),
    (id) => ({
      stateJson: JSON.stringify(initialState(c, id, subject)),
      factsJson: JSON.stringify(computeFacts(ctx, subject, FACTS_DAYS, window)),
    }),
  );
  const { state, facts } = loadWalk(row);
  ctx.log.info({ walkthrough: row.id, subject, created }, created ? 'walkthrough started' : 'walkthrough resumed');
  const reply = renderWalk(
    c,
    state,
    facts,
    created ? undefined : `resumed from ${new Date(row.createdMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
  return { ...reply, replaceOriginal: false };
}

/** A `check.answer` press: advances the walkthrough and answers with its new message, in place. */
export function answerCheck(env: CommandEnv, value: string): Reply {
  const { ctx } = env;
  const c = loadChecklist();
  const parsed = parseAnswerValue(value);
  if (!parsed)
    throw new UserError('check.bad_button', "That button is not one of the checklist's; run `/sip check` again.");
  const row = getWalkthrough(ctx.db, parsed.id);
  if (!row)
    throw new UserError('check.unknown', `Walkthrough #${parsed.id} does not exist; run \`/sip check\` to start one.`);
  const now = ctx.clock.now().getTime();
  const subjectArg = row.subject === '*' ? '' : row.subject;
  if (row.status === 'expired' || row.status === 'abandoned' || (row.status === 'active' && row.expiresMs <= now)) {
    if (row.status === 'active') setWalkthroughStatus(ctx.db, row.id, 'expired', now);
    return {
      title: `403 checklist #${row.id} expired`,
      blocks: [
        {
          kind: 'text',
          text: `This walkthrough had no answer for ${ctx.config.checklist.ttlHours} h and expired. Start a new one; the data is read again.`,
        },
      ],
      buttons: [{ label: 'Start again', action: 'check.start', value: subjectArg, style: 'primary' }],
      replaceOriginal: true,
    };
  }
  const { state, facts } = loadWalk(row);
  const action =
    parsed.answer === 'back'
      ? { type: 'back' as const, stepId: parsed.stepId }
      : { type: 'answer' as const, stepId: parsed.stepId ?? '-', answer: parsed.answer, by: who(env), atMs: now };
  const out = step(c, state, action, facts);
  if (!out.changed) return out.reply;
  let saved = false;
  try {
    saved = saveWalkthrough(
      ctx.db,
      row.id,
      JSON.stringify(out.state),
      out.state.verdict ? 'done' : 'active',
      now,
      ttlMs(env),
      row.stateJson,
    );
  } catch (e) {
    // Back from a verdict while another walkthrough on the subject is active: the unique index refuses.
    if (!(e instanceof Error && /UNIQUE/.test(e.message))) throw e;
    return renderWalk(c, state, facts, 'you have started another walkthrough on this subject since; use that one');
  }
  if (!saved) {
    // Someone pressed at the same moment: show what won.
    const again = loadWalk(getWalkthrough(ctx.db, row.id)!);
    return renderWalk(c, again.state, again.facts, 'answered meanwhile by another press');
  }
  ctx.log.info(
    { walkthrough: row.id, step: parsed.stepId, answer: parsed.answer, verdict: out.state.verdict },
    'walkthrough advanced',
  );
  return out.reply;
}
