import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/adapters/shared/work-queue.js';
import { testCtx } from '../helpers/ctx.js';
import { runLoad } from '../../bench/load-worker.js';
import {
  SLACK_ACK_DEADLINE_MS,
  slackEnv,
  startBot,
  startSlackFake,
  testSource,
  type RunningBot,
  type SlackFake,
} from '../fakes/index.js';

describe('WorkQueue', () => {
  it('runs jobs in order, one at a time, and tells a job at once when others are ahead', async () => {
    const q = new WorkQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      return name;
    };
    const waited: string[] = [];
    const a = q.run(job('a'), async () => void waited.push('a'));
    const b = q.run(job('b'), async () => void waited.push('b'));
    const c = q.run(job('c'), async () => void waited.push('c'));
    expect(waited).toEqual(['b', 'c']);
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('shares one run among identical requests while it is queued or running, each with a copy', async () => {
    const q = new WorkQueue({ concurrency: 1 });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const work = async (): Promise<{ n: number; rows: number[] }> => {
      runs++;
      await gate;
      return { n: runs, rows: [1, 2] };
    };
    const share = { key: 'slack|explain|403', clone: (v: { n: number; rows: number[] }) => structuredClone(v) };
    const waited: string[] = [];
    const first = q.run(work, async () => void waited.push('first'), share);
    const other = q.run(
      async () => ({ n: -1, rows: [] }),
      async () => void waited.push('other'),
    );
    const second = q.run(work, async () => void waited.push('second'), share);
    const third = q.run(work, async () => void waited.push('third'), { ...share, key: 'slack|explain|404' });
    // The joined request has work ahead of it (it is told so) but takes no slot.
    expect(waited).toEqual(['other', 'second', 'third']);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual({ n: 1, rows: [1, 2] });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    expect(b.rows).not.toBe(a.rows);
    await Promise.all([other, third]);
    expect(runs).toBe(2);
    // Settled: the same key runs again.
    expect((await q.run(work, undefined, share)).n).toBe(3);
  });

  it('passes a failure to its caller and keeps going', async () => {
    const q = new WorkQueue();
    const bad = q.run(async () => {
      throw new Error('no');
    });
    const good = q.run(async () => 2);
    await expect(bad).rejects.toThrow('no');
    expect(await good).toBe(2);
  });
});

// 50 commands that each block the event loop for 70 ms arrive together. Run straight from the
// request callbacks, each ack would wait for all the work ahead of it (3.5 s for the last); queued,
// the requests that find work ahead are acked "Working on it" at once and answered afterwards.
// The requests come from a worker thread, so the server's blocked loop cannot hold them back.
describe('Slack acks under synchronous load', () => {
  let slack: SlackFake;
  let bot: RunningBot;
  beforeAll(async () => {
    slack = await startSlackFake();
    bot = await startBot(testCtx({ env: slackEnv(slack, 'http') }), { commands: testSource });
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
  });

  it('acks 50 concurrent CPU-bound commands within 3 s, deferring those queued, and answers every one', async () => {
    const sent = Array.from({ length: 50 }, () => slack.slashCommandBody('cpu 70'));
    const results = await runLoad({
      url: bot.slackEventsUrl!,
      secret: slack.signingSecret,
      requests: sent.map((s) => ({ body: s.body })),
      concurrency: 50,
    });
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(results.filter((r) => r.ms >= SLACK_ACK_DEADLINE_MS)).toEqual([]);
    const json = results.map((r) => JSON.parse(r.body) as { text?: string; blocks?: unknown });
    const inAck = json.filter((j) => JSON.stringify(j.blocks ?? '').includes('CPU answer')).length;
    const ids = new Set(
      sent
        .filter((_, i) => String(json[i]!.text).startsWith('Working on'))
        .map((s) => String(s.fields.response_url).split('/').pop()),
    );
    expect(inAck + ids.size).toBe(50);
    expect(ids.size).toBeGreaterThanOrEqual(40);
    await slack.waitFor(() => slack.responses.filter((x) => ids.has(x.id)).length === ids.size, 20_000);
  }, 30_000);
});
