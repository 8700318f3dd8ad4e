import { isChatPlatform, isLocalPlatform } from '../../adapters/platforms.js';
import type { Ctx, Invoker } from '../../context.js';
import { isGroupMember } from '../../store/escalations.js';

/**
 * The members of a user group (a Slack user group `S0123`), or null when `id` is not a group the
 * platforms know. The composition root builds it from the chat platforms; the EscalationWorker
 * caches the members in SQLite and commands read the cache.
 */
export type GroupMembersResolver = (id: string) => Promise<string[] | null>;

function parseEntry(entry: string): { platform: string | null; id: string } {
  const m = /^([a-z]+):(.+)$/.exec(entry);
  return m && isChatPlatform(m[1]!) ? { platform: m[1]!, id: m[2]! } : { platform: null, id: entry };
}

/** Every expert entry's id: the resolver tells which are groups. */
export function expertGroups(ctx: Ctx): string[] {
  return ctx.config.escalation.experts.map((e) => parseEntry(e).id);
}

/**
 * May this person acknowledge, assign or resolve escalations? SIPBOT_EXPERTS lists user ids
 * (optionally `slack:U123` / `discord:123`) and user groups. With no list, anyone may: a team
 * that has not named experts should not be locked out of its own escalations.
 */
export function isExpert(ctx: Ctx, who: Pick<Invoker, 'platform' | 'userId'>): boolean {
  // The CLI and the local console run on the database file itself: whoever can run them can
  // write the escalations table directly. The list guards the chat platforms.
  if (who.platform === 'cli' || isLocalPlatform(who.platform)) return true;
  const list = ctx.config.escalation.experts;
  if (list.length === 0) return true;
  return list.map(parseEntry).some((e) => {
    if (e.platform && e.platform !== who.platform) return false;
    return e.id === who.userId || isGroupMember(ctx.db, e.id, who.userId);
  });
}
