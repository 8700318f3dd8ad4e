import { errorRef, isUserError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply.js';

/**
 * The one place an adapter turns an exception into what the user sees. A UserError is the
 * user's to fix and is shown as is; anything else is logged with a short reference the user
 * can quote ("Something went wrong (ref 4f2a)").
 */
export function errorReply(e: unknown, log: Logger, where: Record<string, unknown>): Reply {
  if (isUserError(e)) {
    return {
      title: e.message,
      ephemeral: true,
      tone: 'warn',
      problem: { kind: 'user', code: e.code },
      blocks: e.hints.length ? [{ kind: 'list', items: e.hints }] : [],
    };
  }
  const ref = errorRef();
  const err = e instanceof Error ? e : new Error(String(e));
  log.error({ err, ref, ...where }, 'handler failed');
  return {
    title: `Something went wrong (ref ${ref})`,
    ephemeral: true,
    tone: 'bad',
    problem: { kind: 'bug', code: ref },
    blocks: [{ kind: 'context', text: 'The error is logged with this reference.' }],
  };
}
