import { Routes, type REST } from 'discord.js';
import type { Ctx } from '../../context.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply, ReplyFile } from '../../reply.js';
import { prestoreButtons } from '../shared/button-payload.js';
import { storedCustomId } from './handlers.js';
import { DISCORD_LIMITS, renderDiscord } from './render.js';
import { toRest } from './send.js';

/** Unprompted posts to a channel over REST; a reply too big for one message goes out as several. */
export class DiscordPoster implements Poster {
  readonly platform = 'discord' as const;
  constructor(
    private readonly rest: REST,
    private readonly ctx: Ctx,
  ) {}

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    await prestoreButtons(this.ctx, reply, DISCORD_LIMITS.customId);
    const msgs = renderDiscord({ ...reply, ephemeral: false }, storedCustomId(this.ctx));
    let first = '';
    // A "thread" on Discord is a reply to the message (message_reference), as update() does for overflow.
    const ref = target.threadId ? { message_reference: { message_id: target.threadId } } : {};
    for (const m of msgs) {
      const { body, files } = toRest(m);
      const res = (await this.rest.post(Routes.channelMessages(target.channelId), {
        body: { ...(body as object), ...ref },
        files,
      })) as { id: string };
      if (!first) first = res.id;
    }
    return { platform: 'discord', channelId: target.channelId, messageId: first };
  }

  /** In place (PATCH); what no longer fits the first message is posted after it. */
  async update(ref: PostedRef, reply: Reply): Promise<void> {
    await prestoreButtons(this.ctx, reply, DISCORD_LIMITS.customId);
    const [first, ...rest] = renderDiscord({ ...reply, ephemeral: false }, storedCustomId(this.ctx));
    const { body, files } = toRest(first!);
    await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body, files });
    for (const m of rest) {
      const more = toRest(m);
      await this.rest.post(Routes.channelMessages(ref.channelId), {
        body: { ...more.body, message_reference: { message_id: ref.messageId } },
        files: more.files,
      });
    }
  }

  /** Files as attachments of one message. */
  async upload(target: ChannelRef, files: ReplyFile[], comment = ''): Promise<void> {
    const { body, files: parts } = toRest({
      content: comment.slice(0, 2000),
      embeds: [],
      components: [],
      files: files.map((f) => ({ name: f.filename, data: f.content, contentType: f.contentType })),
    });
    await this.rest.post(Routes.channelMessages(target.channelId), { body, files: parts });
  }
}
