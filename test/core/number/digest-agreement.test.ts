import { describe, expect, it } from 'vitest';
import { SUBJECTS, generateDemo } from '../../../src/core/demo/index.js';
import { buildDigest } from '../../../src/core/digest/build-digest.js';
import { numberHealth, numberJson } from '../../../src/core/number/health.js';
import { testCtx } from '../../helpers/ctx.js';

const DAY = 86_400_000;
const TZ = 'America/Chicago';
// Demo traffic: 10 UTC days ending at 2026-11-21 00:00Z, the patterns planted on the last 3.
const END = new Date('2026-11-21T00:00:00Z');
const NUMBERS = [SUBJECTS.reputation, SUBJECTS.carrierPolicy, SUBJECTS.velocity, '+12125550100'];

function seeded() {
  // Noon in Chicago the day after the traffic ends: the card's last days cover every planted day.
  const ctx = testCtx({ now: '2026-11-21T18:00:00Z', env: { SIPBOT_TIMEZONE: TZ } });
  generateDemo(ctx.db, {
    days: 10,
    callsPerDay: 4000,
    end: END,
    seed: 7,
    plant: ['reputation', 'carrier_policy', 'velocity', 'destination_policy'],
    plantDays: 3,
  });
  return ctx;
}

describe('the number card and the digest agree day by day', () => {
  const ctx = seeded();

  it("for each local day, the card's verdict is the digest's finding on the number that day", () => {
    let compared = 0;
    for (const number of NUMBERS) {
      const h = numberHealth(ctx, number, 12);
      for (const d of h.days) {
        const digest = buildDigest(ctx.db, { date: d.date, timeZone: TZ, number, chart: false });
        const own = digest.analysis.report.findings.find(
          (f) => f.kind === 'number' && f.subject === number && f.verdict !== 'insufficient_data',
        );
        if (own) {
          expect({ number, date: d.date, state: d.state }).toEqual({
            number,
            date: d.date,
            state: expect.objectContaining({ kind: 'refused', verdict: own.verdict }),
          });
          compared++;
        } else if (d.state.kind === 'refused') {
          // No finding of its own: the verdict is that of a finding its refusals are part of.
          expect(digest.analysis.report.findings.map((f) => f.verdict)).toContain(d.state.verdict);
        }
        // The day's figures are the digest's totals for the number.
        expect([d.calls, d.blocked]).toEqual([
          digest.analysis.report.totals.calls,
          digest.analysis.report.totals.blocked,
        ]);
      }
    }
    // The three planted numbers were found on their planted days (at least two local days each).
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it('a velocity number shows velocity, the others their planted verdicts, from the first planted local day', () => {
    const began = new Date(END.getTime() - 3 * DAY);
    // The first local day that holds planted traffic: 2026-11-17 in Chicago (its evening is the 18th UTC).
    const firstDay = '2026-11-17';
    for (const [number, verdict] of [
      [SUBJECTS.velocity, 'velocity'],
      [SUBJECTS.carrierPolicy, 'carrier_policy'],
      [SUBJECTS.reputation, 'reputation'],
    ] as const) {
      const h = numberHealth(ctx, number, 12);
      expect(
        h.episodes.map((e) => e.verdict),
        number,
      ).toContain(verdict);
      const e = h.episodes.find((x) => x.verdict === verdict)!;
      expect(e.beganDate >= firstDay && e.began >= began.getTime() - DAY, `${number} began ${e.beganDate}`).toBe(true);
      expect(
        numberJson(h)
          .days.map((x) => x.date)
          .at(-1),
      ).toBe('2026-11-21');
    }
    expect(numberHealth(ctx, SUBJECTS.velocity, 12).recommendation.action).toBe('rest');
  });

  it('a number whose refusals are part of a destination finding shows destination policy, then recovers', () => {
    // +16175550119 calls area code 876 often enough that the barred destination refused it min_blocked times that day.
    const h = numberHealth(ctx, '+16175550119', 12);
    expect(h.episodes.map((e) => [e.verdict, e.beganDate, e.recoveredDate])).toEqual([
      ['destination_policy', '2026-11-19', '2026-11-20'],
    ]);
    expect(h.recommendation.action).toBe('keep');
  });

  it('an ordinary number has no episode', () => {
    expect(numberHealth(ctx, '+12125550100', 12).calls).toBeGreaterThan(0);
    expect(numberHealth(ctx, '+12125550100', 12).episodes).toEqual([]);
  });
});
