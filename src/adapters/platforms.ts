import type { PlatformEntry } from './platform.js';
import { consoleEntry } from './console/index.js';
import { discordEntry } from './discord/index.js';
import { slackEntry } from './slack/index.js';

/**
 * Every chat platform, once. Adding one (Teams, Mattermost) is a folder under src/adapters/
 * exporting a PlatformEntry, plus one line here; the `Platform` union, channel references
 * (`slack:C0123`), subscriptions and escalation routing all derive from this list.
 */
export const CHAT_PLATFORMS = {
  slack: slackEntry,
  discord: discordEntry,
  console: consoleEntry,
} as const satisfies Record<string, PlatformEntry>;

export type ChatPlatformName = keyof typeof CHAT_PLATFORMS;

export const CHAT_PLATFORM_NAMES = Object.keys(CHAT_PLATFORMS) as ChatPlatformName[];

export function isChatPlatform(s: string): s is ChatPlatformName {
  return Object.hasOwn(CHAT_PLATFORMS, s);
}

/** A platform that runs on the database file itself (see PlatformEntry.local). */
export function isLocalPlatform(s: string): boolean {
  return isChatPlatform(s) && (CHAT_PLATFORMS[s] as PlatformEntry).local === true;
}
