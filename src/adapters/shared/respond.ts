import type { Logger } from '../../log.js';
import type { Modal, Reply } from '../../reply.js';
import { ACK_BUDGET_MS, withinBudget } from './budget.js';
import { errorReply } from './error-reply.js';
import { reviveReply } from '../../workers/protocol.js';
import { nextTurn } from './turn.js';
import type { WorkQueue } from './work-queue.js';

/**
 * One user action as a platform lets us answer it. Each adapter makes one per slash command,
 * button press or form; respondInTime decides when to call what.
 */
export interface Interaction {
  /** The answer as the first response, inside the platform's deadline (Slack ack, Discord reply). */
  answer(reply: Reply): Promise<void>;
  /** Acknowledge without the answer: Slack "Working on it", Discord deferReply. */
  defer(): Promise<void>;
  /** The answer after defer() (Slack response_url, Discord editReply). */
  answerLate(reply: Reply): Promise<void>;
  /** Open a form. Only as the first response: Slack's trigger_id lives 3 s, Discord's modal must be the first callback. */
  openForm(modal: Modal): Promise<void>;
  /** One sentence for the user when the answer cannot be shown. */
  fail(text: string): Promise<void>;
}

export interface RespondOptions {
  /** The command is known to be slow: acknowledge before running it. */
  slow?: boolean;
  budget?: number;
  queue: WorkQueue;
  log: Logger;
  where?: Record<string, unknown>;
  /** A `shared` command's key (run.ts shareKey): identical requests in flight share one run. */
  shareKey?: string;
}

/** A Reply of its own for each request that shared a run: nothing one adapter changes shows in another's. */
function cloneReply(reply: Reply): Reply {
  return reviveReply(structuredClone(reply));
}

export const FORM_TOO_LATE = 'This needs a form, but it took too long to prepare; run the command again.';

/**
 * The 3-second rule, written once for every platform: run `work` (queued, see WorkQueue); if it
 * is done within the budget, answer directly (a form opens only then); otherwise acknowledge
 * first and answer when ready. A failure to send is logged and told to the user in one line.
 */
export async function respondInTime(it: Interaction, work: () => Promise<Reply>, opts: RespondOptions): Promise<void> {
  let deferred = false;
  const defer = async (): Promise<void> => {
    if (deferred) return;
    deferred = true;
    await it.defer();
  };
  try {
    if (opts.slow) await defer();
    const pending = opts.queue.run(work, defer, opts.shareKey ? { key: opts.shareKey, clone: cloneReply } : undefined);
    const early = deferred ? ({ done: false } as const) : await withinBudget(pending, opts.budget ?? ACK_BUDGET_MS);
    if (early.done && !deferred) {
      if (early.value.modal) await it.openForm(early.value.modal);
      else await it.answer(early.value);
      return;
    }
    await defer();
    const reply = await pending;
    // Rendering and sending the late answers of a burst: one per loop turn (see turn.ts).
    await nextTurn('later');
    if (reply.modal) await it.fail(FORM_TOO_LATE);
    else await it.answerLate(reply);
  } catch (err) {
    const r = errorReply(err, opts.log, { ...opts.where, stage: 'send' });
    await it.fail(r.title).catch(() => undefined);
  }
}
