import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/core/digest/build-digest.js';
import { localDayWindow, yesterday } from '../../../src/core/digest/day-window.js';
import { generateDemo } from '../../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../../src/core/demo/plants.js';
import { MAX_CUSTOM_ID, replyButtons } from '../../../src/reply.js';
import { isUserError } from '../../../src/errors.js';
import { testCtx } from '../../helpers/ctx.js';

const HOUR = 3_600_000;

describe('local day windows', () => {
  it('a day in Chicago is 24 hours from local midnight', () => {
    const w = localDayWindow('2026-11-20', 'America/Chicago');
    expect(w.from.toISOString()).toBe('2026-11-20T06:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-11-21T06:00:00.000Z');
  });
  it('spring-forward day is 23 hours, fall-back day 25', () => {
    const spring = localDayWindow('2026-03-08', 'America/Chicago');
    expect((spring.to.getTime() - spring.from.getTime()) / HOUR).toBe(23);
    const fall = localDayWindow('2026-11-01', 'America/Chicago');
    expect((fall.to.getTime() - fall.from.getTime()) / HOUR).toBe(25);
    const london = localDayWindow('2026-03-29', 'Europe/London');
    expect((london.to.getTime() - london.from.getTime()) / HOUR).toBe(23);
  });
  it('yesterday is the previous local date in the zone', () => {
    const now = new Date('2026-11-21T03:00:00Z'); // 21:00 on the 20th in Chicago
    expect(yesterday(now, 'America/Chicago')).toBe('2026-11-19');
    expect(yesterday(now, 'UTC')).toBe('2026-11-20');
    expect(yesterday(new Date('2026-03-01T12:00:00Z'), 'UTC')).toBe('2026-02-28');
  });
  it('bad dates and zones are user errors', () => {
    for (const f of [
      () => localDayWindow('2026-02-30', 'UTC'),
      () => localDayWindow('20261120', 'UTC'),
      () => localDayWindow('2026-11-20', 'Mars/Olympus'),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isUserError(err)).toBe(true);
    }
  });
});

describe('the digest', () => {
  const ctx = testCtx();
  generateDemo(ctx.db, {
    days: 8,
    callsPerDay: 4000,
    end: new Date('2026-11-21T00:00:00Z'),
    seed: 11,
    plant: [...DEFAULT_PLANTS],
  });

  it('is a Reply: totals, findings, route table, buttons, chart', () => {
    const d = buildDigest(ctx.db, { date: '2026-11-20', timeZone: 'UTC' });
    const r = d.reply;
    expect(r.title).toBe('403 digest: Fri, 20 Nov 2026 (UTC)');
    expect(r.tone).toBe('bad');
    const fields = r.blocks.find((b) => b.kind === 'fields');
    expect(fields && fields.kind === 'fields' ? fields.fields.map((f) => f.label) : []).toEqual([
      'Calls',
      'Refused',
      'Baseline, 7 days before',
      'Findings',
    ]);
    const headings = r.blocks.flatMap((b) => (b.kind === 'text' && b.heading ? [b.heading] : []));
    expect(headings.some((h) => h.includes('reputation') && h.includes('+12125550123'))).toBe(true);
    const table = r.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((row) => row[0]).sort()).toEqual([
      'sipline',
      'telco-east',
      'telco-west',
      'voxroute',
    ]);
    // Every finding carries its own actions, right under it; none sit at the bottom.
    expect(r.buttons).toBeUndefined();
    const findings = d.analysis.report.findings;
    const actions = r.blocks.flatMap((b, i) => (b.kind === 'actions' ? [{ at: i, b }] : []));
    expect(actions).toHaveLength(findings.length);
    findings.forEach((f, i) => {
      const { at, b } = actions[i]!;
      const heading = r.blocks
        .slice(0, at)
        .reverse()
        .find((x) => x.kind === 'text' && x.heading);
      expect(heading?.kind === 'text' && heading.heading).toContain(`${i + 1}. `);
      expect(heading?.kind === 'text' && heading.heading).toContain(f.kind === 'account' ? 'all traffic' : f.subject);
      expect(b.kind === 'actions' && b.label).toBe(`#${i + 1}`);
      const acts = b.kind === 'actions' ? b.buttons.map((x) => x.action) : [];
      expect(acts).toEqual([
        'calls.show',
        ...(f.verdict === 'insufficient_data' ? [] : ['check.start', 'escalate.open']),
        'patterns.show',
        ...(f.kind === 'route' ? ['calls.ticket'] : []),
        ...(f.kind === 'number' ? ['number.show'] : []),
      ]);
    });
    for (const b of replyButtons(r))
      expect(b.action.length + b.value.length + 1).toBeLessThanOrEqual(MAX_CUSTOM_ID - 1);
    expect(r.image?.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(r.image?.png.readUInt32BE(16)).toBe(1000); // width from the IHDR chunk
    expect(d.analysis.hours).toHaveLength(24);
  });

  it('in Chicago the day has its local hours, and 25 on the fall-back day', () => {
    const d = buildDigest(ctx.db, { date: '2026-11-19', timeZone: 'America/Chicago', chart: false });
    expect(d.analysis.hours[0]!.label).toBe('00:00');
    expect(d.analysis.report.period).toEqual({
      from: '2026-11-19T06:00:00.000Z',
      to: '2026-11-20T06:00:00.000Z',
      timezone: 'America/Chicago',
    });
    expect(
      buildDigest(ctx.db, { date: '2026-11-01', timeZone: 'America/Chicago', chart: false }).analysis.hours,
    ).toHaveLength(25);
  });

  it('a quiet day says so and carries no buttons', () => {
    const d = buildDigest(ctx.db, { date: '2026-11-18', timeZone: 'UTC', chart: false });
    expect(d.analysis.report.findings).toEqual([]);
    expect(d.reply.tone).toBe('ok');
    expect(d.reply.buttons).toBeUndefined();
    expect(JSON.stringify(d.reply.blocks)).toContain('background noise');
  });

  it('a day without calls says how to get some, and draws no chart', () => {
    const d = buildDigest(ctx.db, { date: '2025-01-01', timeZone: 'UTC' });
    expect(d.png).toBeUndefined();
    expect(JSON.stringify(d.reply.blocks)).toContain('No calls stored');
  });

  it('a route filter narrows the totals and the title', () => {
    const d = buildDigest(ctx.db, { date: '2026-11-20', timeZone: 'UTC', route: 'telco-west', chart: false });
    expect(d.reply.title).toContain('on telco-west');
    expect(d.analysis.routes.map((r) => r.route)).toEqual(['telco-west']);
  });
});
