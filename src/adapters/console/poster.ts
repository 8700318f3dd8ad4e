import type { Writable } from 'node:stream';
import type { ChannelRef, PostedRef, Poster } from '../../post.js';
import type { Reply } from '../../reply.js';
import { renderText } from '../../render/text.js';
import type { ButtonBoard } from './buttons.js';
import { save } from './console.js';
import { pressHint } from './input.js';

/** Unprompted posts (a digest at 08:00) printed to the console, charts saved beside the database. */
export class ConsolePoster implements Poster {
  readonly platform = 'console' as const;
  private seq = 0;
  constructor(
    private readonly output: Writable,
    private readonly saveDir: string,
    /** The console's buttons: a posted message's buttons become the ones a number presses. */
    private readonly board?: ButtonBoard,
  ) {}

  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    const id = String(++this.seq);
    this.output.write(`\n[posted to console:${target.channelId}, message ${id}]\n${renderText(reply)}`);
    for (const p of save(reply, this.saveDir)) this.output.write(`saved ${p}\n`);
    this.pressable(reply);
    return { platform: 'console', channelId: target.channelId, messageId: id };
  }

  async update(ref: PostedRef, reply: Reply): Promise<void> {
    this.output.write(`\n[message ${ref.messageId} updated]\n${renderText(reply)}`);
    this.pressable(reply);
  }

  private pressable(reply: Reply): void {
    if (!this.board || !reply.buttons?.length) return;
    this.board.show(reply.buttons);
    this.output.write(`${pressHint(reply.buttons.length)}\n`);
  }
}
