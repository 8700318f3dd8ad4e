import type { Ctx, Invoker } from '../../context.js';
import { isGroupMember } from '../../store/escalations.js';

/**
 * Resolves a Slack user group's members (`usergroups.users.list`). The Slack adapter supplies it
 * to the EscalationWorker, which caches the members in SQLite; commands read the cache.
 */
export type GroupMembersResolver = (groupId: string) => Promise<string[]>;

/** Slack user group ids start with S (`S0123ABC`). */
export function isSlackGroup(entry: string): boolean {
  return /^S[A-Z0-9]{2,}$/.test(entry);
}

function parseEntry(entry: string): { platform: string | null; id: string } {
  const m = /^(slack|discord|console):(.+)$/.exec(entry);
  return m ? { platform: m[1]!, id: m[2]! } : { platform: null, id: entry };
}

export function expertGroups(ctx: Ctx): string[] {
  return ctx.config.escalation.experts.map(parseEntry).filter((e) => e.platform !== 'discord' && isSlackGroup(e.id)).map((e) => e.id);
}

/**
 * May this person acknowledge, assign or resolve escalations? SIPBOT_EXPERTS lists user ids
 * (optionally `slack:U123` / `discord:123`) and Slack user groups. With no list, anyone may:
 * a team that has not named experts should not be locked out of its own escalations.
 */
export function isExpert(ctx: Ctx, who: Pick<Invoker, 'platform' | 'userId'>): boolean {
  // The CLI and the local console run on the database file itself: whoever can run them can
  // write the escalations table directly. The list guards the chat platforms.
  if (who.platform === 'cli' || who.platform === 'console') return true;
  const list = ctx.config.escalation.experts;
  if (list.length === 0) return true;
  return list.map(parseEntry).some((e) => {
    if (e.platform && e.platform !== who.platform) return false;
    if (e.id === who.userId) return true;
    return who.platform === 'slack' && isSlackGroup(e.id) && isGroupMember(ctx.db, e.id, who.userId);
  });
}
