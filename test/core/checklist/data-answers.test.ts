import { beforeAll, describe, expect, it } from 'vitest';
import { computeFacts } from '../../../src/core/checklist/facts.js';
import { initialState, step, type Facts, type WalkState } from '../../../src/core/checklist/machine.js';
import { findStep, loadChecklist } from '../../../src/core/checklist/schema.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import { testCtx } from '../../helpers/ctx.js';

const c = loadChecklist();
const ctx = testCtx({ now: '2026-11-21T00:00:00Z' });

beforeAll(() => {
  // A week of generated traffic; the planted patterns run over the last two days.
  generateDemo(ctx.db, { end: new Date('2026-11-21T00:00:00Z'), days: 8, callsPerDay: 5000, plantDays: 2, seed: 7 });
});

/** A user who agrees with the data wherever it answers, and is not sure elsewhere. */
function followTheData(facts: Facts): WalkState {
  let s = initialState(c, 1, facts.subject);
  while (s.stepId) {
    const probe = findStep(c, s.stepId)!.probe;
    const data = probe ? facts.probes[probe] : undefined;
    s = step(c, s, { type: 'answer', stepId: s.stepId, answer: data?.answer ?? 'unsure', by: 'U1', atMs: 0 }, facts).state;
  }
  return s;
}

describe('the data answers the checklist on generated traffic', () => {
  it.each([
    [SUBJECTS.reputation, 'reputation'],
    [SUBJECTS.carrierPolicy, 'carrier_policy'],
    [SUBJECTS.velocity, 'velocity'],
    [SUBJECTS.configRoute, 'configuration'],
    [SUBJECTS.region, 'destination_policy'],
    [SUBJECTS.insufficient, 'insufficient_data'],
  ])('%s: following the data reaches %s', (subject, verdict) => {
    expect(followTheData(computeFacts(ctx, subject)).verdict).toBe(verdict);
  });

  it('says in one line which routes refuse a reputation-blocked number while the others are fine', () => {
    const f = computeFacts(ctx, SUBJECTS.reputation);
    expect(f.probes.multi_route?.answer).toBe('yes');
    expect(f.probes.multi_route?.text).toMatch(/^\+12125550123: [\d,]+ of [\d,]+ calls refused on [23] of 4 routes \(.*telco-east.*\) since Nov 14, while other numbers on those routes are fine/);
    expect(f.probes.multi_route?.text).not.toContain('voxroute');
  });

  it('names the one route that refuses the carrier-policy number and where it connects', () => {
    const f = computeFacts(ctx, SUBJECTS.carrierPolicy);
    expect(f.probes.one_route?.answer).toBe('yes');
    expect(f.probes.one_route?.text).toMatch(/^telco-west refuses \+13125550147/);
  });

  it('finds the refusing route set-up for a route that refuses every number', () => {
    const f = computeFacts(ctx, SUBJECTS.configRoute);
    expect(f.probes.by_number?.answer).toBe('no');
    expect(f.probes.one_route).toMatchObject({ answer: 'no' });
    expect(f.probes.one_route?.text).toContain("the route's set-up");
  });

  it('answers nothing for a subject with no calls, and a walkthrough on it ends in insufficient_data', () => {
    const f = computeFacts(ctx, '+19995550000');
    expect(f.probes.trunk_ok?.answer).toBeNull();
    expect(f.probes.by_number?.answer).toBeNull();
    expect(followTheData(f).verdict).toBe('insufficient_data');
  });

  it('an override of the data changes the verdict: the user knows the number is refused on one route only', () => {
    const facts = computeFacts(ctx, SUBJECTS.reputation);
    let s = initialState(c, 1, facts.subject);
    while (s.stepId) {
      const id = s.stepId;
      const data = findStep(c, id)!.probe ? facts.probes[findStep(c, id)!.probe!] : undefined;
      const answer = id === 'routes.multiple' ? 'no' : id === 'routes.one' ? 'yes' : data?.answer ?? 'unsure';
      s = step(c, s, { type: 'answer', stepId: id, answer, by: 'U1', atMs: 0 }, facts).state;
    }
    expect(s.verdict).toBe('carrier_policy');
    expect(s.transcript.filter((t) => t.override).map((t) => t.step)).toContain('routes.multiple');
  });
});
