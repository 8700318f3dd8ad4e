import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call.js';
import { insertCalls } from '../../src/store/calls.js';
import { causeStats, codeStats } from '../../src/store/code-stats.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const MIN = 60_000;

function call(i: number, over: Partial<CallRecord>): CallRecord {
  return {
    source: 'store-test',
    callId: `s${i}`,
    startMs: NOW - (i + 1) * MIN,
    caller: '+12125550100',
    callee: '+15125550100',
    callerCountry: 'US',
    callerNpa: '212',
    callerState: 'NY',
    calleeCountry: 'US',
    calleeNpa: '512',
    calleeState: 'TX',
    calleeRegion: '512',
    route: 'telco-east',
    sipCode: 200,
    sipReason: 'OK',
    q850Cause: null,
    durationS: 30,
    campaign: null,
    attestation: null,
    hangupSource: null,
    pddMs: null,
    progressCode: null,
    ...over,
  };
}

describe('codeStats', () => {
  it('reads phrases and causes from the latest calls with the code only', () => {
    const ctx = testCtx();
    // Oldest first: 5 "Forbidden", then the 3 latest "Spam suspected".
    insertCalls(ctx.db, [
      ...[10, 11, 12, 13, 14].map((i) => call(i, { sipCode: 403, sipReason: 'Forbidden', q850Cause: 21 })),
      ...[1, 2, 3].map((i) => call(i, { sipCode: 403, sipReason: 'Spam suspected', q850Cause: 21 })),
    ]);
    const s = codeStats(ctx.db, { code: 403 }, NOW, 5, 3);
    expect(s.last7d).toBe(8);
    expect(s.sampled).toBe(3);
    expect(s.reasons).toEqual([{ key: 'Spam suspected', calls: 3 }]);
    expect(s.causes).toEqual([{ key: '21', calls: 3 }]);
    expect(codeStats(ctx.db, { code: 403 }, NOW).reasons).toEqual([
      { key: 'Forbidden', calls: 5 },
      { key: 'Spam suspected', calls: 3 },
    ]);
  });

  it("counts a subject's total calls beside its calls with the code", () => {
    const ctx = testCtx();
    insertCalls(ctx.db, [
      call(1, { caller: '+13125550111', sipCode: 403 }),
      call(2, { caller: '+13125550111' }),
      call(3, { caller: '+13125550111' }),
      call(4, { caller: '+13125550111', route: 'sipline' }),
    ]);
    const s = codeStats(ctx.db, { code: 403 }, NOW);
    expect(s.topCallers).toEqual([{ key: '+13125550111', calls: 1, total: 4 }]);
    expect(s.topRoutes).toEqual([{ key: 'telco-east', calls: 1, total: 3 }]);
  });

  it('uses the covering calls_by_code index for the grouped counts', () => {
    const ctx = testCtx();
    const plan = ctx.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT caller, count(*) FROM calls WHERE start_ms >= 0 AND start_ms < 1 AND sip_code = 403 GROUP BY caller',
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING COVERING INDEX calls_by_code');
  });
});

describe('causeStats', () => {
  it('lists the SIP codes behind a Q.850 cause', () => {
    const ctx = testCtx();
    insertCalls(ctx.db, [
      call(1, { sipCode: 403, q850Cause: 21 }),
      call(2, { sipCode: 403, q850Cause: 21 }),
      call(3, { sipCode: 603, sipReason: 'Decline', q850Cause: 21 }),
      call(4, { sipCode: 486, q850Cause: 17 }),
    ]);
    expect(causeStats(ctx.db, 21, NOW)).toEqual({
      calls: 3,
      total: 4,
      byCode: [
        { key: '403', calls: 2 },
        { key: '603', calls: 1 },
      ],
    });
    // The latest 2 calls only: calls 1 and 2 (both 403).
    expect(causeStats(ctx.db, 21, NOW, 2)).toEqual({ calls: 2, total: 2, byCode: [{ key: '403', calls: 2 }] });
  });
});
