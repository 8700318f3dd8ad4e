import { Routes, type REST } from 'discord.js';
import type { Ctx } from '../../context.js';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import { storedCustomId } from './handlers.js';
import { renderDiscord } from './render.js';
import { toRest } from './send.js';

/** Unprompted posts to a channel over REST; overflow goes out as further messages. */
export class DiscordPoster implements Poster {
  readonly platform = 'discord' as const;
  constructor(
    private readonly rest: REST,
    private readonly ctx: Ctx,
  ) {}

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    const msgs = renderDiscord({ ...reply, ephemeral: false }, storedCustomId(this.ctx));
    let first = '';
    for (const m of msgs) {
      const { body, files } = toRest(m);
      const res = (await this.rest.post(Routes.channelMessages(target.channelId), { body, files })) as { id: string };
      if (!first) first = res.id;
    }
    return { platform: 'discord', channelId: target.channelId, messageId: first };
  }

  async update(ref: PostedRef, reply: Reply): Promise<void> {
    const first = renderDiscord({ ...reply, ephemeral: false }, storedCustomId(this.ctx))[0]!;
    const { body, files } = toRest(first);
    await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body, files });
  }
}
