import type { Ctx } from '../../context.js';
import { loadButtonPayload, saveButtonPayload } from '../../store/interactions.js';

/** Packs a button's action and value into an id of at most `max` characters (Discord custom_id, Slack option value). */
export type ButtonIdFn = (action: string, value: string) => string;

/** `action|value`, or `~<id>` of the stored payload when that would pass `max` characters. */
export function storedButtonId(ctx: Ctx, max: number): ButtonIdFn {
  return (action, value) => {
    const id = `${action}|${value}`;
    if (id.length <= max) return id;
    return `~${saveButtonPayload(ctx.db, action, value, ctx.clock.now().getTime())}`;
  };
}

/** The action and value behind an id made by storedButtonId (undefined: a stored payload that is gone). */
export function readButtonId(ctx: Ctx, id: string): { action: string; value: string } | undefined {
  if (id.startsWith('~')) return loadButtonPayload(ctx.db, Number(id.slice(1)));
  const i = id.indexOf('|');
  return i < 0 ? { action: id, value: '' } : { action: id.slice(0, i), value: id.slice(i + 1) };
}
