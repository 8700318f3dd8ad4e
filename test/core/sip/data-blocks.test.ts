import { describe, expect, it } from 'vitest';
import { codeDataBlocks, pct, trend } from '../../../src/core/sip/data-blocks.js';
import type { CodeStats } from '../../../src/store/code-stats.js';

const stats = (over: Partial<CodeStats>): CodeStats => ({
  last24h: 0,
  last7d: 0,
  total24h: 0,
  total7d: 0,
  prev7d: 0,
  prevTotal7d: 0,
  topCallers: [],
  topRoutes: [],
  topRegions: [],
  sampled: 0,
  reasons: [],
  causes: [],
  ...over,
});

describe('trend', () => {
  it.each([
    [
      { last7d: 60, total7d: 1000, prev7d: 3, prevTotal7d: 1000 },
      'up (20x): 6.0% of calls, against 0.3% (3 of 1,000) the week before',
    ],
    [
      { last7d: 10, total7d: 1000, prev7d: 30, prevTotal7d: 1000 },
      'down: 1.0% of calls, against 3.0% (30 of 1,000) the week before',
    ],
    [
      { last7d: 20, total7d: 2000, prev7d: 10, prevTotal7d: 1000 },
      'flat: 1.0% of calls, against 1.0% (10 of 1,000) the week before',
    ],
    [
      { last7d: 5, total7d: 100, prev7d: 0, prevTotal7d: 100 },
      'up: 5.0% of calls, against 0% (0 of 100) the week before',
    ],
    [{ last7d: 5, total7d: 100 }, 'no calls the week before to compare with'],
    [{ total7d: 100, prevTotal7d: 100 }, 'none either week'],
  ])('%o', (over, expected) => {
    expect(trend(stats(over))).toBe(expected);
  });
});

describe('pct', () => {
  it.each([
    [1, 3, '33%'],
    [1, 1000, '0.1%'],
    [0, 10, '0%'],
    [5, 0, '0%'],
    [1, 8, '13%'],
  ])('%i of %i', (a, b, out) => {
    expect(pct(a, b)).toBe(out);
  });
});

describe('codeDataBlocks', () => {
  it('says there is no data, and how to add some, when there were no calls at all', () => {
    const blocks = codeDataBlocks('403', stats({}));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ kind: 'context', text: expect.stringContaining('sipbot ingest FILE') });
  });
  it('says so when calls exist but none got the code', () => {
    expect(codeDataBlocks('607', stats({ total7d: 500, prev7d: 2, prevTotal7d: 400 }))).toEqual([
      {
        kind: 'text',
        heading: 'In your data',
        text: 'No call got 607 in the last 7 days (500 calls). Week before: 2.',
      },
    ]);
  });
});
