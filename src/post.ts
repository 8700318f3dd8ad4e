import type { Reply } from './reply.js';

/** A place a message can be posted without a user asking: `slack:C0123`, `discord:1234`, `console:main`. */
export interface ChannelRef {
  platform: 'slack' | 'discord' | 'console';
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
  const m = /^(slack|discord|console):([^/\s]+)(?:\/(.+))?$/.exec(s.trim());
  if (!m) return null;
  const ref: ChannelRef = { platform: m[1] as ChannelRef['platform'], channelId: m[2]! };
  if (m[3]) ref.threadId = m[3];
  return ref;
}

export function formatChannelRef(r: ChannelRef): string {
  return `${r.platform}:${r.channelId}${r.threadId ? `/${r.threadId}` : ''}`;
}
