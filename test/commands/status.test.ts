import { describe, expect, it } from 'vitest';
import { modals } from '../../commands/escalate.js';
import { runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../src/core/demo/plants.js';
import { sparkline } from '../../src/core/status/sparkline.js';
import { getAlert, insertAlert, saveAlert } from '../../src/store/alerts.js';
import type { Block, Reply } from '../../src/reply.js';
import { validateMessage } from '../fakes/discord-limits.js';
import { validateBlocks } from '../fakes/slack-blocks.js';
import { testCtx } from '../helpers/ctx.js';

const ctx = testCtx({ now: '2026-11-20T18:00:00Z' });
generateDemo(ctx.db, {
  days: 8,
  callsPerDay: 3000,
  end: new Date('2026-11-21T00:00:00Z'),
  seed: 2,
  plant: [...DEFAULT_PLANTS],
});
const env: CommandEnv = { ctx, invoker: { platform: 'discord', userId: 'U1', userName: 'ana', channelId: 'C1' } };

const table = (r: Reply, heading: string): Extract<Block, { kind: 'table' }> => {
  const t = r.blocks.find((b) => b.kind === 'table' && (b.heading ?? '').startsWith(heading));
  if (t?.kind !== 'table') throw new Error(`no table ${heading}`);
  return t;
};

describe('sparkline', () => {
  it.each([
    [[0, 0.5, 1], undefined, '▁▅█'],
    [[0.003, 0.003, 0.92], undefined, '▁▁█'],
    [[0.003, null, 0.01], 0.92, '▁·▁'],
    [[0, 0], undefined, '▁▁'],
  ])('%j max %s', (values, max, line) => {
    expect(sparkline(values, max)).toBe(line);
  });
});

describe('/sip status', () => {
  it("today's open findings with their actions, open escalations with their state, this channel's digest, routes over 7 days", async () => {
    await runText('digest subscribe 08:00 America/Chicago', env);
    const submit = modals.find((m) => m.action === 'escalate.submit')!;
    await submit.run('|sipline', { subject: 'sipline', urgency: 'urgent', tried: '', contact: '' }, env);
    const now = Date.parse('2026-11-20T18:00:00Z');
    const id = insertAlert(
      ctx.db,
      {
        kind: 'route',
        subject: 'sipline',
        verdict: 'configuration',
        sinceMs: now - 3_600_000,
        pendingMs: now - 3_600_000,
        calls: 200,
        blocked: 180,
        baselineRate: 0.003,
        longCalls: 800,
        longBlocked: 700,
        peakRate: 0.95,
        routes: ['sipline'],
      },
      now,
    );
    saveAlert(ctx.db, { ...getAlert(ctx.db, id)!, state: 'firing', firedMs: now - 3_000_000 }, now);
    const r = await runText('status', env);
    expect(r.title).toBe('sipbot status, 2026-11-20 18:00 UTC');
    expect(r.ephemeral).toBe(true);
    expect(r.tone).toBe('warn');
    const findings = r.blocks.find((b) => b.kind === 'table' && b.columns[1] === 'verdict');
    expect(findings?.kind === 'table' && findings.rows.map((row) => [row[1], row[2]])).toContainEqual([
      'configuration',
      'sipline',
    ]);
    const n = findings?.kind === 'table' ? findings.rows.length : 0;
    expect(n).toBeGreaterThanOrEqual(2);
    const actions = r.blocks.filter((b) => b.kind === 'actions');
    expect(actions.map((b) => b.kind === 'actions' && b.label)).toEqual(['#1', '#2', '#3'].slice(0, Math.min(3, n)));
    const alerts = table(r, 'Open alerts (1)');
    expect(alerts.rows[0]!.slice(2, 3)).toEqual(['firing']);
    expect(alerts.rows[0]!.join(' ')).toContain('sipline');
    expect(table(r, 'Open escalations').rows).toEqual([
      ['#1', 'open', 'urgent', 'route sipline', expect.stringMatching(/^\d+ min$/), '-'],
    ]);
    expect(JSON.stringify(r.blocks)).toContain('Digest daily at 08:00 America/Chicago; next ');
    const routes = table(r, 'Refused per route, last 7 days');
    expect(routes.rows.map((row) => row[0]).sort()).toEqual(['sipline', 'telco-east', 'telco-west', 'voxroute']);
    for (const row of routes.rows) expect([...row[1]!]).toHaveLength(7);
    // sipline broke today: its last day is the week's highest bar; voxroute stays low.
    expect(routes.rows.find((row) => row[0] === 'sipline')![1]!.at(-1)).toBe('█');
    expect(routes.rows.find((row) => row[0] === 'voxroute')![1]).toMatch(/^[▁▂]+$/);
  });

  it("renders within Slack's and Discord's limits", async () => {
    const r = await runText('status', env);
    for (const m of renderSlack(r)) expect(validateBlocks(m.blocks)).toBeNull();
    for (const m of renderDiscord(r)) expect(validateMessage(m as unknown as Record<string, unknown>, [])).toBeNull();
  });

  it("in the CLI's context there is no channel section; on an empty database it says so plainly", async () => {
    const empty = testCtx({ now: '2026-11-20T18:00:00Z' });
    const r = await runText('status', { ctx: empty, invoker: { platform: 'cli', userId: 'op', channelId: 'cli' } });
    expect(r.tone).toBe('ok');
    expect(JSON.stringify(r.blocks)).not.toContain('This channel');
    expect(r.blocks[0]).toMatchObject({
      kind: 'fields',
      fields: [
        { label: 'Calls', value: '0' },
        expect.anything(),
        expect.anything(),
        { label: 'Open findings', value: 'none' },
      ],
    });
  });
});
