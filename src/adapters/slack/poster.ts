import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import { deliverSlack } from './deliver.js';
import { renderSlack } from './render.js';

/** Unprompted posts (digests, escalations): chat.postMessage + file uploads; update = chat.update. */
export class SlackPoster implements Poster {
  readonly platform = 'slack' as const;
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    const ts = await deliverSlack({ ...reply, ephemeral: false }, { client: this.client, channel: target.channelId, user: '', log: this.log, ...(target.threadId ? { threadTs: target.threadId } : {}) });
    return { platform: 'slack', channelId: target.channelId, messageId: ts ?? '' };
  }

  async update(ref: PostedRef, reply: Reply): Promise<void> {
    // An update replaces the first message only; Slack messages cannot grow attachments on edit.
    const first = renderSlack(reply)[0]!;
    await this.client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: first.text, blocks: first.blocks as never });
  }
}
