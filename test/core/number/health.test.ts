import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numberHealth, numberJson } from '../../../src/core/number/health.js';
import { renderNumberChart } from '../../../src/core/number/chart.js';
import { numberReply } from '../../../src/core/number/number-reply.js';
import { replyButtons } from '../../../src/reply.js';
import { createRedress, markRedress } from '../../../src/store/redress.js';
import { testCtx } from '../../helpers/ctx.js';
import { background, seedHistory } from './history.js';

const NOW = '2026-11-21T12:00:00Z';
const N = '+12125550123';
const DAY = 86_400_000;
const first = Date.parse('2026-11-21T00:00:00Z') - 29 * DAY;
const iso = (d: number): string => new Date(first + d * DAY).toISOString();

/** Blocked on both routes from day 10 to day 17, fine after: flagged, remediated, recovered. */
function recovered() {
  const ctx = testCtx({ now: NOW });
  const bad = (d: number) => d >= 10 && d < 18;
  seedHistory(ctx.db, Date.parse(NOW), 30, [
    ...background(['east', 'west']),
    {
      number: N,
      routes: {
        east: (d) => ({
          calls: 100,
          blocked: bad(d) ? 60 : 0,
          code: 603,
          reasonHeader: 'SIP;cause=603;text="v=analytics1;url=https://hiya.com/redress;id=HY-77";location=RLN',
          attestation: d % 2 ? 'A' : null,
        }),
        west: (d) => ({ calls: 100, blocked: bad(d) ? 55 : 0 }),
      },
    },
  ]);
  return ctx;
}

describe('number health on generated histories', () => {
  it('a number flagged, remediated and recovered: one reputation episode with began and recovered', () => {
    const ctx = recovered();
    const h = numberHealth(ctx, N);
    const j = numberJson(h);
    expect(j.verdicts).toEqual([{ verdict: 'reputation', began: iso(10), recovered: iso(18) }]);
    expect(Object.keys(j)).toEqual(['number', 'verdicts', 'days', 'attestation', 'redress']);
    expect(j.days).toHaveLength(30);
    expect(j.days[10]).toEqual({
      date: iso(10).slice(0, 10),
      calls: 200,
      blocked: 115,
      routes: { east: { calls: 100, blocked: 60 }, west: { calls: 100, blocked: 55 } },
    });
    // Today (day 29) is cut at noon: calls after 12:00 have not happened yet.
    expect(j.days[29]!.calls).toBe(2 * 38);
    // East calls on odd days said A; nothing else said anything: never inferred from absence.
    expect(j.attestation.A + j.attestation.unknown).toBe(h.calls);
    expect(j.attestation.A).toBeGreaterThan(0);
    expect(j.attestation.B + j.attestation.C).toBe(0);
    expect(h.recommendation.action).toBe('keep');
    expect(h.contacts[0]).toMatchObject({
      route: 'east',
      url: 'https://hiya.com/redress',
      id: 'HY-77',
      location: 'RLN',
      calls: 8 * 60,
    });
    expect(h.engines[0]).toMatchObject({ engine: 'hiya' });
    writeFileSync('/tmp/number-recovered.png', renderNumberChart(h));
  });

  it('one that never recovers: an open episode; remediate, then retire once redress failed', () => {
    const ctx = testCtx({ now: NOW });
    seedHistory(ctx.db, Date.parse(NOW), 30, [
      ...background(['east', 'west']),
      {
        number: N,
        routes: {
          east: (d) => ({ calls: 80, blocked: d >= 12 ? 50 : 0 }),
          west: (d) => ({ calls: 80, blocked: d >= 12 ? 45 : 1 }),
        },
      },
    ]);
    const h = numberHealth(ctx, N);
    expect(numberJson(h).verdicts).toEqual([{ verdict: 'reputation', began: iso(12), recovered: null }]);
    expect(h.recommendation.action).toBe('remediate');
    expect(h.engines).toEqual([
      { engine: 'free-caller-registry', why: [expect.stringContaining('No refusal carried a 603+ or 608 contact')] },
    ]);
    const reply = numberReply(h, renderNumberChart(h));
    expect(reply.title).toBe(`Number health ${N}: remediate it`);
    expect(reply.buttons?.[0]).toMatchObject({ action: 'redress.open', value: `${N}|free-caller-registry` });
    writeFileSync('/tmp/number-never.png', reply.image!.png);

    const r = createRedress(
      ctx.db,
      { number: N, engine: 'hiya', packet: 'x', createdBy: 'u', platform: null, channelId: null, threadId: null },
      Date.parse(NOW) - 10 * DAY,
    );
    markRedress(ctx.db, r.id, 'submitted', 'T-1', Date.parse(NOW) - 10 * DAY);
    expect(numberHealth(ctx, N).recommendation.action).toBe('rest');
    markRedress(ctx.db, r.id, 'rejected', null, Date.parse(NOW) - DAY);
    const h3 = numberHealth(ctx, N);
    expect(h3.recommendation).toMatchObject({
      action: 'retire',
      why: expect.stringContaining(`redress #${r.id} to hiya was rejected`),
    });
    expect(numberJson(h3).redress).toEqual([
      {
        id: r.id,
        engine: 'hiya',
        status: 'rejected',
        submitted_at: new Date(Date.parse(NOW) - 10 * DAY).toISOString(),
      },
    ]);
  });

  it('refused on one route that carries other numbers fine: carrier policy', () => {
    const ctx = testCtx({ now: NOW });
    seedHistory(ctx.db, Date.parse(NOW), 30, [
      ...background(['east', 'west']),
      {
        number: N,
        routes: { east: (d) => ({ calls: 80, blocked: d >= 20 ? 60 : 0 }), west: () => ({ calls: 80, blocked: 0 }) },
      },
    ]);
    expect(numberJson(numberHealth(ctx, N)).verdicts).toEqual([
      { verdict: 'carrier_policy', began: iso(20), recovered: null },
    ]);
  });

  it("a route that refuses every number is the route's problem: configuration, keep the number", () => {
    const ctx = testCtx({ now: NOW });
    seedHistory(ctx.db, Date.parse(NOW), 30, [
      ...background(['east']).map((p) => ({
        ...p,
        routes: { east: (d: number) => ({ calls: 60, blocked: d >= 25 ? 50 : 0 }) },
      })),
      { number: N, routes: { east: (d) => ({ calls: 80, blocked: d >= 25 ? 70 : 0 }) } },
    ]);
    const h = numberHealth(ctx, N);
    expect(numberJson(h).verdicts).toEqual([{ verdict: 'configuration', began: iso(25), recovered: null }]);
    expect(h.recommendation.action).toBe('keep');
  });

  it('a burst at three times its normal volume while refused: rest it', () => {
    const ctx = testCtx({ now: NOW });
    seedHistory(ctx.db, Date.parse(NOW), 30, [
      ...background(['east', 'west']),
      {
        number: N,
        routes: {
          east: (d) => (d >= 24 ? { calls: 300, blocked: 120 } : { calls: 40, blocked: 0 }),
          west: (d) => (d >= 24 ? { calls: 300, blocked: 110 } : { calls: 40, blocked: 0 }),
        },
      },
    ]);
    expect(numberHealth(ctx, N).recommendation.action).toBe('rest');
  });
});

describe('the "Number health" button on number findings', () => {
  it('every number finding carries it; other kinds do not', async () => {
    const { findingActions } = await import('../../../src/core/digest/finding-actions.js');
    const f = (kind: 'number' | 'route', subject: string) => ({
      kind,
      subject,
      verdict: 'reputation' as const,
      calls: 100,
      blocked: 50,
      rate: 0.5,
      baseline_rate: 0.01,
      routes: [],
      summary: '',
      next_steps: [],
    });
    const b = [f('number', N), f('route', 'east'), f('number', '+13125550147')].flatMap((x, i) => {
      const block = findingActions(x, i, { from: 0, to: 86_400_000 });
      return block.kind === 'actions' ? block.buttons : [];
    });
    expect(b.filter((x) => x.action === 'number.show').map((x) => x.value)).toEqual([N, '+13125550147']);
  });
});

describe('a number finding carries its 603+ contacts in its evidence', () => {
  it('patterns over the last day: evidence.redress_contacts, and a Redress line in the finding', async () => {
    const { buildPatterns } = await import('../../../src/core/digest/build-patterns.js');
    const ctx = recovered();
    // Refused again today, with the 603+ notice.
    seedHistory(
      ctx.db,
      Date.parse(NOW),
      1,
      [
        {
          number: N,
          routes: {
            east: () => ({
              calls: 300,
              blocked: 200,
              code: 603,
              reasonHeader: 'SIP;cause=603;text="v=analytics1;url=https://hiya.com/redress;id=HY-78";location=RLN',
            }),
            west: () => ({ calls: 300, blocked: 150 }),
          },
        },
      ].map((p) => ({ ...p, number: N })),
    );
    const to = new Date(NOW);
    const { analysis, reply } = buildPatterns(ctx.db, {
      from: new Date(to.getTime() - DAY),
      to,
      timeZone: 'UTC',
      number: N,
    });
    const f = analysis.report.findings.find((x) => x.kind === 'number' && x.subject === N)!;
    expect(f.evidence?.redress_contacts).toEqual([
      expect.objectContaining({
        route: 'east',
        code: 603,
        url: 'https://hiya.com/redress',
        id: 'HY-78',
        location: 'RLN',
      }),
    ]);
    expect(JSON.stringify(reply.blocks)).toContain(
      'Redress: 603+ contact on east: https://hiya.com/redress (id HY-78)',
    );
    expect(replyButtons(reply).some((b) => b.action === 'number.show' && b.value === N)).toBe(true);
  });
});
