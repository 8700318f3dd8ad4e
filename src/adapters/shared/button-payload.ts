import type { Ctx } from '../../context.js';
import type { Button, Reply } from '../../reply.js';
import { saveButtonPayload } from '../../store/interactions.js';
import { dbOp } from '../../workers/ops.js';

/** Packs a button's action and value into an id of at most `max` characters (Discord custom_id, Slack option value). */
export type ButtonIdFn = (action: string, value: string) => string;

/** A button's id when it fits: `action|value`. */
export function buttonKey(action: string, value: string): string {
  return `${action}|${value}`;
}

/** The buttons of a reply (its own and those inside its blocks) whose `action|value` passes `max` characters. */
export function longButtons(reply: Reply, max: number): Button[] {
  return [...(reply.buttons ?? []), ...reply.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : []))].filter(
    (b) => buttonKey(b.action, b.value).length > max,
  );
}

/** `action|value`, or `~<id>` of the stored payload when that would pass `max` characters. */
export function storedButtonId(ctx: Ctx, max: number): ButtonIdFn {
  return (action, value) => {
    const id = buttonKey(action, value);
    if (id.length <= max) return id;
    // A reply made in a database thread had its long payloads stored there: no query here. A
    // reply made on the event loop (outside `serve`, or a timer's post) stores it on ctx.db.
    const known = ctx.workers?.knownButtonId(action, value);
    return `~${known ?? saveButtonPayload(ctx.db, action, value, ctx.clock.now().getTime())}`;
  };
}

/** The action and value behind an id made by storedButtonId (undefined: a stored payload that is gone). */
export async function readButtonId(ctx: Ctx, id: string): Promise<{ action: string; value: string } | undefined> {
  if (id.startsWith('~')) return dbOp(ctx, 'loadButtonPayload', Number(id.slice(1)));
  const i = id.indexOf('|');
  return i < 0 ? { action: id, value: '' } : { action: id.slice(0, i), value: id.slice(i + 1) };
}

/**
 * Stores, in the quick thread, the long button payloads of a reply made on the event loop (a
 * timer's post: an escalation, an alert), so that rendering it finds their ids without a query
 * here. Replies made in a command thread come with their ids already; outside `serve` this does
 * nothing and storedButtonId stores them on ctx.db.
 */
export async function prestoreButtons(ctx: Ctx, reply: Reply, max: number): Promise<void> {
  const workers = ctx.workers;
  if (!workers) return;
  for (const b of longButtons(reply, max)) {
    if (workers.knownButtonId(b.action, b.value) !== undefined) continue;
    const id = await dbOp(ctx, 'saveButtonPayload', b.action, b.value, ctx.clock.now().getTime());
    workers.rememberButtonIds([[buttonKey(b.action, b.value), id]]);
  }
}
