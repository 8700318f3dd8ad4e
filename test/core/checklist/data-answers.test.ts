import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analysis/index.js';
import { computeFacts } from '../../../src/core/checklist/facts.js';
import { initialState, step, type Facts, type WalkState } from '../../../src/core/checklist/machine.js';
import { findStep, loadChecklist } from '../../../src/core/checklist/schema.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import { testCtx } from '../../helpers/ctx.js';

const c = loadChecklist();
const NOW = '2026-11-21T00:00:00Z';

/** A week of generated traffic with the planted patterns over the last `plantDays` days. */
function demoCtx(plantDays: number): ReturnType<typeof testCtx> {
  const ctx = testCtx({ now: NOW });
  generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 5000, plantDays, seed: 7 });
  return ctx;
}

/** A user who agrees with the data wherever it answers, and is not sure elsewhere. */
function followTheData(facts: Facts): WalkState {
  let s = initialState(c, 1, facts.subject);
  while (s.stepId) {
    const probe = findStep(c, s.stepId)!.probe;
    const data = probe ? facts.probes[probe] : undefined;
    s = step(
      c,
      s,
      { type: 'answer', stepId: s.stepId, answer: data?.answer ?? 'unsure', by: 'U1', atMs: 0 },
      facts,
    ).state;
  }
  return s;
}

/** The digest's verdict for a subject: analyze() over the last 24 h. */
function digestVerdict(ctx: ReturnType<typeof testCtx>, subject: string): string | undefined {
  const to = new Date(NOW);
  const report = analyze(ctx.db, { from: new Date(to.getTime() - 86_400_000), to, reasons: false });
  return report.findings.find((f) => f.subject === subject)?.verdict;
}

const PLANTED: Array<[string, string]> = [
  [SUBJECTS.reputation, 'reputation'],
  [SUBJECTS.carrierPolicy, 'carrier_policy'],
  [SUBJECTS.velocity, 'velocity'],
  [SUBJECTS.configRoute, 'configuration'],
  [SUBJECTS.region, 'destination_policy'],
  [SUBJECTS.insufficient, 'insufficient_data'],
];

describe.each([2, 1])('the data answers the checklist on generated traffic planted over %i day(s)', (plantDays) => {
  let ctx: ReturnType<typeof testCtx>;
  beforeAll(() => {
    ctx = demoCtx(plantDays);
  });

  it.each(PLANTED)(
    '%s: following the data reaches %s, the verdict of the analysis, through steps 3 and 4',
    (subject, verdict) => {
      const s = followTheData(computeFacts(ctx, subject));
      expect(digestVerdict(ctx, subject)).toBe(verdict);
      expect(s.verdict).toBe(verdict);
      const steps = s.transcript.map((t) => t.step);
      expect(steps).toContain('routes.multiple');
      expect(steps.at(-1)).toBe('reach.device');
    },
  );

  it('takes the last day as the window when the analysis finds the subject there', () => {
    const f = computeFacts(ctx, SUBJECTS.reputation);
    expect(f.toMs - f.fromMs).toBe(86_400_000);
    expect(f.probes.by_number?.answer).toBe('yes');
    expect(f.probes.by_number?.text).toContain('Nov 20');
  });

  it('says in one line which routes refuse a reputation-blocked number while the others are fine', () => {
    const f = computeFacts(ctx, SUBJECTS.reputation);
    expect(f.probes.multi_route?.answer).toBe('yes');
    expect(f.probes.multi_route?.text).toMatch(
      /^Since Nov 20, the analysis finds \+12125550123: [\d,]+ of [\d,]+ calls refused \(\d+%\) on 2 of 3 routes \(telco-east \d+%, telco-west \d+%\); other numbers on those routes [\d.]+%: reputation\.$/,
    );
    expect(f.probes.multi_route?.text).not.toContain('voxroute');
  });

  it('names the one route that refuses the carrier-policy number and how it fares elsewhere', () => {
    const f = computeFacts(ctx, SUBJECTS.carrierPolicy);
    expect(f.probes.one_route?.answer).toBe('yes');
    expect(f.probes.one_route?.text).toMatch(
      /the analysis finds \+13125550147: [\d,]+ of [\d,]+ calls on telco-west refused \(\d+%\); [\d,]+ of [\d,]+ \([\d.]+%\) on its other 2 routes/,
    );
  });

  it('finds the refusing route set-up for a route that refuses every number', () => {
    const f = computeFacts(ctx, SUBJECTS.configRoute);
    expect(f.probes.by_number?.answer).toBe('no');
    expect(f.probes.one_route).toMatchObject({ answer: 'no' });
    expect(f.probes.one_route?.text).toContain("the route's set-up");
  });

  it('an override of the data changes the verdict: the user knows the number is refused on one route only', () => {
    const facts = computeFacts(ctx, SUBJECTS.reputation);
    let s = initialState(c, 1, facts.subject);
    while (s.stepId) {
      const id = s.stepId;
      const data = findStep(c, id)!.probe ? facts.probes[findStep(c, id)!.probe!] : undefined;
      const answer = id === 'routes.multiple' ? 'no' : id === 'routes.one' ? 'yes' : (data?.answer ?? 'unsure');
      s = step(c, s, { type: 'answer', stepId: id, answer, by: 'U1', atMs: 0 }, facts).state;
    }
    expect(s.verdict).toBe('carrier_policy');
    expect(s.transcript.filter((t) => t.override).map((t) => t.step)).toEqual(['routes.multiple', 'routes.one']);
  });
});

describe('the data over the week', () => {
  const ctx = demoCtx(2);

  it('falls back to seven days, with its own probes, when the analysis finds nothing on the subject', () => {
    const f = computeFacts(ctx, '+19995550000');
    expect(f.toMs - f.fromMs).toBe(7 * 86_400_000);
    // No calls at all for the number: one sentence says so instead of a "No calls" per probe.
    expect(f.probes.trunk_ok?.answer ?? null).toBeNull();
    expect(f.probes.by_number?.answer ?? null).toBeNull();
    expect(f.noCalls).toMatch(/^No calls for \+19995550000 since .*, so the data answers none of the steps/);
    expect(followTheData(f).verdict).toBe('insufficient_data');
  });

  it("quotes the finding where the ad-hoc probe disagrees with the analysis, and judges set-up on the finding's routes", () => {
    // Over the day, sipline refuses every number (its own finding): against all other numbers the
    // reputation number does not stand out, against the same numbers on its own routes it does.
    const f = computeFacts(ctx, SUBJECTS.reputation);
    expect(f.probes.by_number).toEqual({
      answer: 'yes',
      text: expect.stringMatching(
        /^Since Nov 20, the analysis finds \+12125550123: [\d,]+ of [\d,]+ calls refused \(\d+%\) on 2 of 3 routes/,
      ),
    });
    expect(f.probes.trunk_ok).toMatchObject({
      answer: 'yes',
      text: expect.stringContaining('on telco-east, telco-west'),
    });
  });

  it('leaves a set-up No that the finding explains otherwise to the user: international calls into a barred region', () => {
    const f = computeFacts(ctx, SUBJECTS.region);
    expect(f.probes.destinations).toMatchObject({
      answer: null,
      text: expect.stringContaining('the analysis finds 876 (Jamaica)'),
    });
    expect(followTheData(f).unchecked).toContain('Destination permissions');
  });
});
