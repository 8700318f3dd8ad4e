import type { ChannelRef, PostedRef, Poster } from '../../../src/post.js';
import type { Reply } from '../../../src/reply.js';

/** A Poster that keeps what it was asked to post (our own interface, not a chat SDK), optionally failing first. */
export class RecordingPoster implements Poster {
  readonly posts: Array<{ target: ChannelRef; reply: Reply; messageId: string }> = [];
  readonly updates: Array<{ ref: PostedRef; reply: Reply }> = [];
  failNext = 0;
  private seq = 0;

  constructor(readonly platform: ChannelRef['platform']) {}

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('channel_not_found');
    }
    const messageId = `${this.platform}-m${++this.seq}`;
    this.posts.push({ target, reply, messageId });
    return { platform: this.platform, channelId: target.channelId, messageId };
  }

  async update(ref: PostedRef, reply: Reply): Promise<void> {
    this.updates.push({ ref, reply });
  }
}
