import { CHAT_PLATFORM_NAMES, type ChatPlatformName } from './adapters/platforms.js';
import type { Reply } from './reply.js';

/** A place a message can be posted without a user asking: `slack:C0123`, `discord:1234`, `console:main`. */
export interface ChannelRef {
  platform: ChatPlatformName;
  channelId: string;
  /** Post in this thread (Slack ts / Discord message id). */
  threadId?: string;
}

export interface PostedRef {
  platform: ChannelRef['platform'];
  channelId: string;
  messageId: string;
}

/**
 * Unprompted posting (digests, escalations, reminders). Each adapter implements it; the
 * scheduler and the escalation router only see this.
 */
export interface Poster {
  readonly platform: ChannelRef['platform'];
  post(target: ChannelRef, reply: Reply): Promise<PostedRef>;
  update(ref: PostedRef, reply: Reply): Promise<void>;
}

export function parseChannelRef(s: string): ChannelRef | null {
  const m = /^([a-z]+):([^/\s]+)(?:\/(.+))?$/.exec(s.trim());
  const platform = CHAT_PLATFORM_NAMES.find((p) => p === m?.[1]);
  if (!m || !platform) return null;
  const ref: ChannelRef = { platform, channelId: m[2]! };
  if (m[3]) ref.threadId = m[3];
  return ref;
}

export function formatChannelRef(r: ChannelRef): string {
  return `${r.platform}:${r.channelId}${r.threadId ? `/${r.threadId}` : ''}`;
}
