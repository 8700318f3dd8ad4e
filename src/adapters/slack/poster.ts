import type { WebClient } from '@slack/web-api';
import type { Ctx } from '../../context.js';
import type { Logger } from '../../log.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply, ReplyFile } from '../../reply.js';
import { prestoreButtons, storedButtonId } from '../shared/button-payload.js';
import { deliverSlack, upload, uploadToUser } from './deliver.js';
import { renderSlack, SLACK_LIMITS } from './render.js';

/** Unprompted posts (digests, escalations): chat.postMessage + file uploads; update = chat.update. */
export class SlackPoster implements Poster {
  readonly platform = 'slack' as const;
  constructor(
    private readonly client: WebClient,
    private readonly ctx: Ctx,
    private readonly log: Logger,
  ) {}

  private buttonId = (action: string, value: string): string =>
    storedButtonId(this.ctx, SLACK_LIMITS.optionValue)(action, value);

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    await prestoreButtons(this.ctx, reply, SLACK_LIMITS.optionValue);
    const ts = await deliverSlack(
      { ...reply, ephemeral: false },
      {
        client: this.client,
        channel: target.channelId,
        user: '',
        log: this.log,
        buttonId: this.buttonId,
        ...(target.threadId ? { threadTs: target.threadId } : {}),
      },
    );
    return { platform: 'slack', channelId: target.channelId, messageId: ts ?? '' };
  }

  /**
   * In place with chat.update. The message keeps its place in the channel; an update that now
   * needs more than one message shows its first and says where the rest is (a post's thread).
   */
  async update(ref: PostedRef, reply: Reply): Promise<void> {
    await prestoreButtons(this.ctx, reply, SLACK_LIMITS.optionValue);
    const [first, ...rest] = renderSlack(reply, this.buttonId);
    await this.client.chat.update({
      channel: ref.channelId,
      ts: ref.messageId,
      text: first!.text,
      blocks: first!.blocks as never,
    });
    for (const m of rest)
      await this.client.chat.postMessage({
        channel: ref.channelId,
        thread_ts: ref.messageId,
        text: m.text,
        blocks: m.blocks as never,
      });
  }

  /** A channel id (C..., G..., D...) or a user id (U..., W...: their direct messages with the app). */
  async upload(target: ChannelRef, files: ReplyFile[], comment = ''): Promise<void> {
    const items = files.map((f) => ({ file: f.content, filename: f.filename, title: f.filename }));
    if (/^[UW]/.test(target.channelId)) await uploadToUser(this.client, target.channelId, items, comment);
    else await upload(this.client, target.channelId, items, comment, target.threadId);
  }
}
