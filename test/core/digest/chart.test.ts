import { describe, expect, it } from 'vitest';
import { digestChartName } from '../../../src/core/digest/build-digest.js';
import { rateAxis, renderHourlyChart } from '../../../src/core/digest/chart.js';

describe('the refusal-rate axis', () => {
  it.each([
    // baseline %, hourly rates %, log?, min, max
    [0.29, [0, 1.7, 0.4], false, 0, 2],
    [0.3, [0.3, 0.35], false, 0, 1],
    [2, [18, 20], false, 0, 25],
    [0.31, [38, 20, 0], true, 0.1, 100],
    [0.31, [4, 0.5], true, 0.1, 10],
    [0.05, [93, 95], true, 0.01, 100],
    // No history: nothing to keep visible; never above 100%.
    [0, [100, 100], false, 0, 100],
    [5, [100], true, 1, 100],
  ])('baseline %s%%, hours %j', (baseline, rates, log, min, max) => {
    const a = rateAxis(baseline, rates);
    expect([a.log, a.min, a.max]).toEqual([log, min, max]);
    expect(a.max).toBeLessThanOrEqual(100);
    // The baseline sits inside the axis, above its floor.
    if (baseline > 0) expect(baseline > a.min && baseline < a.max).toBe(true);
    // On a log axis an hour with no refusals is drawn on the floor, not dropped.
    if (a.log) expect(a.rates.every((r) => r !== null && r >= a.min)).toBe(true);
  });

  it('renders a PNG either way', () => {
    const hours = Array.from({ length: 24 }, (_, i) => ({
      start: i,
      label: `${String(i).padStart(2, '0')}:00`,
      calls: 1000,
      blocked: i > 12 ? 900 : 3,
    }));
    for (const baselineRate of [0.003, 0]) {
      const png = renderHourlyChart({ hours, baselineRate, title: 't' });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });
});

describe('the digest chart file name', () => {
  it.each([
    [{ date: '2026-11-20' }, 'sipbot-digest-2026-11-20.png'],
    [{ date: '2026-11-20', route: 'sipline' }, 'sipbot-digest-2026-11-20-route-sipline.png'],
    [{ date: '2026-11-20', number: '+12125550123' }, 'sipbot-digest-2026-11-20-number-+12125550123.png'],
    [{ date: '2026-11-20', route: 'a/b c' }, 'sipbot-digest-2026-11-20-route-a_b_c.png'],
  ])('%j', (o, name) => {
    expect(digestChartName(o)).toBe(name);
  });
});
