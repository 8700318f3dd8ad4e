/**
 * One subject, one calendar day in the team's zone: the digest, `/sip patterns` over that day, the
 * checklist opened from the digest's button give the same figures, written the same way. The day is a Los Angeles day (08:00Z to 08:00Z), so a UTC day would not match.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction, runText } from '../../../commands/registry.js';
import type { CommandEnv } from '../../../commands/types.js';
import { computeFacts } from '../../../src/core/checklist/facts.js';
import { buildDigest } from '../../../src/core/digest/build-digest.js';
import { buildPatterns } from '../../../src/core/digest/build-patterns.js';
import { localDayWindow } from '../../../src/core/digest/day-window.js';
import { num, pct } from '../../../src/core/format/percent.js';
import { insertCalls } from '../../../src/store/calls.js';
import { replyButtons } from '../../../src/reply.js';
import { generateScenario } from '../../generators/hard-days/index.js';
import { testCtx } from '../../helpers/ctx.js';

const TZ = 'America/Los_Angeles';
const DAY = '2026-11-20';

describe('the same figures for the same subject and day', () => {
  const ctx = testCtx({ now: '2026-11-21T18:00:00Z', env: { SIPBOT_TIMEZONE: TZ } });
  const env: CommandEnv = { ctx, invoker: { platform: 'slack', userId: 'U1', channelId: 'C1' } };
  const g = generateScenario('la-evening-route-break', { seed: 2, day: DAY, historyDays: 3 });
  const route = g.planted[0]!.subject;
  const { from, to } = localDayWindow(DAY, TZ);

  beforeAll(() => {
    insertCalls(ctx.db, g.calls);
  });

  it("digest and patterns (whose report is what --json prints) agree on the finding and the route's totals", async () => {
    const digest = buildDigest(ctx.db, { date: DAY, timeZone: TZ, chart: false });
    const f = digest.analysis.report.findings.find((x) => x.subject === route)!;
    expect(f).toMatchObject({ kind: 'route', verdict: 'configuration' });
    const patterns = buildPatterns(ctx.db, { from, to, timeZone: TZ, route });
    const p = patterns.analysis.report.findings.find((x) => x.subject === route)!;
    expect([p.calls, p.blocked, p.rate, p.began, p.summary]).toEqual([f.calls, f.blocked, f.rate, f.began, f.summary]);
    const routeRow = digest.analysis.routes.find((r) => r.route === route)!;
    expect(patterns.analysis.report.totals).toMatchObject({
      calls: routeRow.calls,
      blocked: routeRow.blocked,
      rate: routeRow.rate,
    });
    // Both replies write the finding with the same numbers and the same percentage.
    const line = `${num(f.blocked)} of ${num(f.calls)} calls refused (${pct(f.rate)})`;
    expect(JSON.stringify((await runText(`digest ${DAY}`, env)).blocks)).toContain(line);
    expect(JSON.stringify(patterns.reply.blocks)).toContain(line);
  });

  it("the checklist opened from the digest reads the digest's day, in the zone, with the same figures", async () => {
    const reply = await runText(`digest ${DAY}`, env);
    const button = replyButtons(reply).find((b) => b.action === 'check.start' && b.value.startsWith(`${route}|`))!;
    expect(button.value).toBe(`${route}|${from.getTime()}|${to.getTime()}`);
    const walk = await runAction('check.start', button.value, env);
    const text = JSON.stringify(walk.blocks);
    expect(text).toContain('on Nov 20');
    const facts = computeFacts(ctx, route, 7, { fromMs: from.getTime(), toMs: to.getTime() });
    const totals = buildPatterns(ctx.db, { from, to, timeZone: TZ, route }).analysis.report.totals;
    expect(facts.probes.trunk_ok?.text).toContain(`of ${num(totals.calls)} calls for route ${route}`);
    const f = buildDigest(ctx.db, { date: DAY, timeZone: TZ, chart: false }).analysis.report.findings.find(
      (x) => x.subject === route,
    )!;
    expect(facts.finding?.summary).toBe(f.summary);
    expect(
      Object.values(facts.probes)
        .map((x) => x?.text ?? '')
        .join(' '),
    ).not.toMatch(/\b0\.0%/);
  });

  it('a UTC day of the same calls gives other figures: the zone is what makes them the same', () => {
    const utc = buildPatterns(ctx.db, {
      from: new Date('2026-11-20T00:00:00Z'),
      to: new Date('2026-11-21T00:00:00Z'),
      timeZone: 'UTC',
      route,
    });
    const la = buildPatterns(ctx.db, { from, to, timeZone: TZ, route });
    expect(utc.analysis.report.totals.calls).not.toBe(la.analysis.report.totals.calls);
  });

  it('/sip 403 answers from the same analysis as /sip patterns over the same 24 hours: the same rate and the same top finding', async () => {
    const answer = (await runText('403', env)).blocks[0]!;
    const now = ctx.clock.now();
    const p = buildPatterns(ctx.db, { from: new Date(now.getTime() - 86_400_000), to: now, timeZone: TZ }).analysis
      .report;
    const top = p.findings.filter((f) => f.verdict !== 'insufficient_data')[0]!;
    expect(answer).toMatchObject({
      kind: 'text',
      text: expect.stringContaining(`${pct(p.totals.rate)} refused in 24 h: mostly ${top.subject}, configuration`),
    });
  });
});
