import { describe, expect, it } from 'vitest';
import { dueInstant } from '../../../src/core/schedule/due.js';
import { DigestScheduler } from '../../../src/core/schedule/scheduler.js';
import type { ChannelRef, PostedRef, Poster } from '../../../src/post.js';
import type { Reply } from '../../../src/reply.js';
import { postsOf, upsertSubscription } from '../../../src/store/subscriptions.js';
import { testCtx } from '../../helpers/ctx.js';
import { stopDuringPost } from '../../helpers/stop-during-post.js';

/** A Poster that keeps what it was given (the console adapter does the same, printing instead). */
class RecordingPoster implements Poster {
  readonly platform = 'slack' as const;
  posts: Array<{ target: ChannelRef; reply: Reply }> = [];
  failNext = 0;
  async post(target: ChannelRef, reply: Reply): Promise<PostedRef> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('slack is down');
    }
    this.posts.push({ target, reply });
    return { platform: 'slack', channelId: target.channelId, messageId: `m${this.posts.length}` };
  }
  async update(): Promise<void> {}
}

function setUp(now: string, subs: Array<{ channel: string; time: string; zone: string; createdAt?: string }>) {
  const ctx = testCtx({ now });
  const poster = new RecordingPoster();
  for (const s of subs) {
    upsertSubscription(ctx.db, {
      platform: 'slack',
      channelId: s.channel,
      threadId: null,
      localTime: s.time,
      timeZone: s.zone,
      filterKind: null,
      filterValue: null,
      createdBy: 'U1',
      createdMs: Date.parse(s.createdAt ?? now),
    });
  }
  return { ctx, poster, scheduler: new DigestScheduler(ctx, [poster]) };
}

describe('DigestScheduler', () => {
  it('posts exactly once per local day at the local time', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-20T13:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago' },
    ]);
    ctx.clock.set(new Date('2026-11-20T13:59:00Z')); // 07:59 CST
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-11-20T14:00:00Z')); // 08:00 CST
    const first = await scheduler.tick();
    expect(first).toMatchObject([{ localDate: '2026-11-20', digestDate: '2026-11-19', late: false }]);
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-11-20T20:00:00Z'));
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-11-21T14:00:30Z'));
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-11-21', digestDate: '2026-11-20' }]);
    expect(poster.posts).toHaveLength(2);
    expect(poster.posts[0]!.target).toEqual({ platform: 'slack', channelId: 'C1' });
    expect(poster.posts[0]!.reply.title).toContain('403 digest');
  });

  it('does not post again after a restart (state is in SQLite)', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-20T14:05:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago', createdAt: '2026-11-19T00:00:00Z' },
    ]);
    expect(await scheduler.tick()).toHaveLength(1);
    const restarted = new DigestScheduler(ctx, [poster]);
    expect(await restarted.tick()).toEqual([]);
    expect(poster.posts).toHaveLength(1);
  });

  it('stop() lets the pass in flight finish before it resolves', async () => {
    const { poster, scheduler } = setUp('2026-11-20T14:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago', createdAt: '2026-11-19T00:00:00Z' },
    ]);
    expect(
      await stopDuringPost(
        poster,
        () => scheduler.tick(),
        () => scheduler.stop(),
      ),
    ).toEqual(['posted', 'stopped']);
    expect(poster.posts).toHaveLength(1);
  });

  it('two schedulers ticking at once post once', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-20T14:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago', createdAt: '2026-11-19T00:00:00Z' },
    ]);
    const other = new DigestScheduler(ctx, [poster]);
    const [a, b] = await Promise.all([scheduler.tick(), other.tick()]);
    expect(a.length + b.length).toBe(1);
    expect(poster.posts).toHaveLength(1);
  });

  it('after downtime posts the missed digest once, marked late, then keeps its schedule', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-17T12:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago' },
    ]);
    ctx.clock.set(new Date('2026-11-20T11:00:00Z')); // down for three mornings; now 05:00 CST on the 20th
    const posted = await scheduler.tick();
    expect(posted).toMatchObject([{ localDate: '2026-11-19', digestDate: '2026-11-18', late: true }]);
    expect(poster.posts[0]!.reply.title).toMatch(/^\[late\]/);
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-11-20T14:00:00Z'));
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-11-20', late: false }]);
    expect(postsOf(ctx.db, 1).map((p) => [p.localDate, p.late])).toEqual([
      ['2026-11-20', false],
      ['2026-11-19', true],
    ]);
  });

  it("a subscription made after today's time waits for tomorrow", async () => {
    const { poster, scheduler } = setUp('2026-11-20T18:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago' },
    ]);
    expect(await scheduler.tick()).toEqual([]);
    expect(poster.posts).toHaveLength(0);
  });

  it('DST spring-forward: 02:30 does not exist in Chicago on 2026-03-08; posts at 03:00 CDT, once', async () => {
    expect(new Date(dueInstant('2026-03-08', '02:30', 'America/Chicago')).toISOString()).toBe(
      '2026-03-08T08:00:00.000Z',
    );
    const { ctx, poster, scheduler } = setUp('2026-03-07T12:00:00Z', [
      { channel: 'C1', time: '02:30', zone: 'America/Chicago' },
    ]);
    ctx.clock.set(new Date('2026-03-08T07:59:00Z')); // 01:59 CST
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-03-08T08:00:00Z')); // 03:00 CDT
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-03-08', digestDate: '2026-03-07', late: false }]);
    ctx.clock.set(new Date('2026-03-08T09:00:00Z'));
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-03-09T07:30:00Z')); // 02:30 CDT the next day
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-03-09' }]);
    expect(poster.posts).toHaveLength(2);
  });

  it('DST fall-back: 01:30 happens twice in Chicago on 2026-11-01; one post', async () => {
    const { ctx, poster, scheduler } = setUp('2026-10-31T12:00:00Z', [
      { channel: 'C1', time: '01:30', zone: 'America/Chicago' },
    ]);
    ctx.clock.set(new Date('2026-11-01T06:30:00Z')); // 01:30 CDT, the first time
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-11-01', digestDate: '2026-10-31' }]);
    ctx.clock.set(new Date('2026-11-01T07:30:00Z')); // 01:30 CST, the second time
    expect(await scheduler.tick()).toEqual([]);
    expect(poster.posts).toHaveLength(1);
  });

  it('the digest of a fall-back day covers its 25 hours', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-01T12:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago' },
    ]);
    ctx.clock.set(new Date('2026-11-02T14:00:00Z'));
    await scheduler.tick();
    expect(poster.posts[0]!.reply.title).toContain('Sun, 1 Nov 2026 (America/Chicago)');
  });

  it('two zones: each at its own local time', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-20T00:00:00Z', [
      { channel: 'CHI', time: '08:00', zone: 'America/Chicago' },
      { channel: 'LON', time: '08:00', zone: 'Europe/London' },
    ]);
    ctx.clock.set(new Date('2026-11-20T08:00:00Z'));
    expect((await scheduler.tick()).length).toBe(1);
    expect(poster.posts.map((p) => p.target.channelId)).toEqual(['LON']);
    ctx.clock.set(new Date('2026-11-20T14:00:00Z'));
    expect((await scheduler.tick()).length).toBe(1);
    expect(poster.posts.map((p) => p.target.channelId)).toEqual(['LON', 'CHI']);
  });

  it('a failed post is retried later, and posted once', async () => {
    const { ctx, poster, scheduler } = setUp('2026-11-20T13:00:00Z', [
      { channel: 'C1', time: '08:00', zone: 'America/Chicago' },
    ]);
    poster.failNext = 1;
    ctx.clock.set(new Date('2026-11-20T14:00:00Z'));
    expect(await scheduler.tick()).toEqual([]);
    ctx.clock.set(new Date('2026-11-20T14:01:00Z'));
    expect(await scheduler.tick()).toEqual([]); // backing off
    ctx.clock.set(new Date('2026-11-20T14:06:00Z'));
    expect(await scheduler.tick()).toMatchObject([{ localDate: '2026-11-20', late: false }]);
    expect(poster.posts).toHaveLength(1);
  });

  it('skips platforms it has no poster for, without claiming', async () => {
    const { ctx } = setUp('2026-11-20T13:00:00Z', [{ channel: 'C1', time: '08:00', zone: 'America/Chicago' }]);
    ctx.clock.set(new Date('2026-11-20T14:00:00Z'));
    expect(await new DigestScheduler(ctx, []).tick()).toEqual([]);
    expect(postsOf(ctx.db, 1)).toEqual([]);
  });
});
