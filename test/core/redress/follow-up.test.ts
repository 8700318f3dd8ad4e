import { describe, expect, it } from 'vitest';
import { RedressFollowUp } from '../../../src/core/redress/follow-up.js';
import { getEscalation } from '../../../src/store/escalations.js';
import { createRedress, getRedress, listChecks, markRedress } from '../../../src/store/redress.js';
import { RecordingPoster } from '../escalation/recording-poster.js';
import { testCtx } from '../../helpers/ctx.js';
import { stopDuringPost } from '../../helpers/stop-during-post.js';
import { background, seedHistory } from '../number/history.js';

const N = '+12125550123';
const DAY = 86_400_000;
const END = Date.parse('2026-12-20T23:00:00Z');
const FIRST = Math.floor(END / DAY) * DAY - 39 * DAY;
/** Submitted at noon of day 20 of the 40-day history. */
const SUBMITTED = FIRST + 20 * DAY + 12 * 3_600_000;

function setUp(blockedUntil: number) {
  const ctx = testCtx({ now: new Date(SUBMITTED).toISOString() });
  seedHistory(ctx.db, END, 40, [
    ...background(['east', 'west']),
    {
      number: N,
      routes: {
        east: (d) => ({ calls: 80, blocked: d >= 10 && d < blockedUntil ? 50 : 0 }),
        west: (d) => ({ calls: 80, blocked: d >= 10 && d < blockedUntil ? 45 : 0 }),
      },
    },
  ]);
  const r = createRedress(
    ctx.db,
    { number: N, engine: 'hiya', packet: 'p', createdBy: 'ann', platform: 'slack', channelId: 'C1', threadId: null },
    SUBMITTED - 3_600_000,
  );
  markRedress(ctx.db, r.id, 'submitted', 'HY-1', SUBMITTED);
  const poster = new RecordingPoster('slack');
  return { ctx, r, poster, job: new RedressFollowUp(ctx, [poster]) };
}

describe('redress follow-up at 3, 7 and 14 days (ManualClock)', () => {
  it('lifted: still blocked at day 3, recovered at 7 and 14, posted in one thread, no escalation', async () => {
    const { ctx, r, poster, job } = setUp(22);
    expect(await job.tick()).toBe(0);
    ctx.clock.advance(3 * DAY - 1);
    expect(await job.tick()).toBe(0);
    ctx.clock.advance(1);
    expect(await job.tick()).toBe(1);
    expect(poster.posts[0]!.target).toEqual({ platform: 'slack', channelId: 'C1' });
    expect(poster.posts[0]!.reply.title).toBe(`Redress #${r.id} (hiya) for ${N}, day 3: still blocked`);
    const thread = poster.posts[0]!.messageId;
    expect(getRedress(ctx.db, r.id)!.threadId).toBe(thread);
    ctx.clock.advance(4 * DAY);
    await job.tick();
    expect(poster.posts[1]!.target).toEqual({ platform: 'slack', channelId: 'C1', threadId: thread });
    expect(poster.posts[1]!.reply.title).toMatch(/day 7: recovered$/);
    expect(JSON.stringify(poster.posts[1]!.reply.blocks)).toContain('east 63% -> 0%');
    ctx.clock.advance(7 * DAY);
    await job.tick();
    expect(poster.posts.map((p) => p.reply.title.replace(/.*day /, ''))).toEqual([
      '3: still blocked',
      '7: recovered',
      '14: recovered',
    ]);
    expect(getRedress(ctx.db, r.id)!.escalationId).toBeNull();
    // Nothing twice: another tick (a restart, a second process) finds every check claimed.
    expect(await new RedressFollowUp(ctx, [poster]).tick()).toBe(0);
    expect(listChecks(ctx.db, r.id).map((c) => c.afterDays)).toEqual([3, 7, 14]);
  });

  it('stop() lets the pass in flight finish before it resolves', async () => {
    const { ctx, poster, job } = setUp(22);
    ctx.clock.advance(3 * DAY);
    expect(
      await stopDuringPost(
        poster,
        () => job.tick(),
        () => job.stop(),
      ),
    ).toEqual(['posted', 'stopped']);
    expect(poster.posts).toHaveLength(1);
  });

  it('not lifted by day 14: escalated to expert review with the history; a failed post is retried', async () => {
    const { ctx, r, poster, job } = setUp(99);
    ctx.clock.advance(14 * DAY);
    poster.failNext = 1;
    expect(await job.tick()).toBe(2);
    expect(await job.tick()).toBe(1);
    expect(poster.posts.map((p) => p.reply.title.replace(/.*day /, ''))).toEqual([
      '7: still blocked',
      '14: still blocked',
      '3: still blocked',
    ]);
    const esc = getEscalation(ctx.db, getRedress(ctx.db, r.id)!.escalationId!)!;
    expect(esc).toMatchObject({ subject: N, urgency: 'high', status: 'open', channelId: 'C1' });
    expect(esc.note).toContain(`Redress #${r.id} for ${N} to hiya`);
    expect(esc.note).toContain('ref HY-1');
    expect(esc.note).toMatch(/Day 14: refused \d+% of \d+ calls/);
    const last = poster.posts.find((p) => /day 14/.test(p.reply.title))!;
    expect(JSON.stringify(last.reply.blocks)).toContain(`escalated to expert review (#${esc.id})`);
  });

  it('a rested number: too few calls after to tell, said so; a rejected request is not measured', async () => {
    const { ctx, r, poster, job } = setUp(99);
    ctx.db.prepare('DELETE FROM calls WHERE caller = ? AND start_ms >= ?').run(N, SUBMITTED);
    ctx.clock.advance(3 * DAY);
    await job.tick();
    expect(poster.posts[0]!.reply.title).toMatch(/day 3: too few calls to tell$/);
    markRedress(ctx.db, r.id, 'rejected', null, ctx.clock.now().getTime());
    ctx.clock.advance(11 * DAY);
    expect(await job.tick()).toBe(0);
  });
});
