/**
 * The checklist follows the data (issue 11): the analysis's verdict where no answer leans, a
 * contradicting answer said at once and under the verdict, next steps that never refer to an item
 * that was not found.
 */
import { describe, expect, it } from 'vitest';
import { computeFacts } from '../../../src/core/checklist/facts.js';
import { initialState, step, type Facts, type WalkState } from '../../../src/core/checklist/machine.js';
import { renderWalk } from '../../../src/core/checklist/render.js';
import { findStep, loadChecklist, type Answer } from '../../../src/core/checklist/schema.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import { insertCalls } from '../../../src/store/calls.js';
import { generateScenario } from '../../generators/hard-days/index.js';
import { testCtx } from '../../helpers/ctx.js';

const c = loadChecklist();
const NOW = '2026-11-21T00:00:00Z';

function walk(facts: Facts, answer: (data: Answer | null | undefined) => Answer): { s: WalkState; notices: string[] } {
  let s = initialState(c, 1, facts.subject);
  const notices: string[] = [];
  while (s.stepId) {
    const probe = findStep(c, s.stepId)!.probe;
    const out = step(
      c,
      s,
      {
        type: 'answer',
        stepId: s.stepId,
        answer: answer(probe ? facts.probes[probe]?.answer : undefined),
        by: 'U1',
        atMs: 0,
      },
      facts,
    );
    notices.push(JSON.stringify(out.reply.blocks.at(-1)));
    s = out.state;
  }
  return { s, notices };
}

describe('on the demo day', () => {
  const ctx = testCtx({ now: NOW });
  generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 4000, seed: 7 });

  it('Yes throughout on a reputation number: the verdict says the analysis disagrees, and where the user overrode the data', () => {
    const facts = computeFacts(ctx, SUBJECTS.reputation);
    const { s, notices } = walk(facts, () => 'yes');
    expect(s.verdict).not.toBe('reputation');
    const text = JSON.stringify(renderWalk(c, s, facts).blocks);
    expect(text).toContain('The analysis says otherwise');
    expect(text).toContain(': reputation.');
    expect(text).toContain('Where you overrode the data');
    // Said at once, at the step after the contradicting answer.
    expect(notices.some((n) => /you answered Yes to \\"[^"]+\\" where the data says No/.test(n))).toBe(true);
  });

  it("not sure everywhere lands on the analysis's verdict, and configuration never refers to an item not found", () => {
    const facts = computeFacts(ctx, SUBJECTS.configRoute);
    expect(facts.finding?.verdict).toBe('configuration');
    const { s } = walk(facts, () => 'unsure');
    expect(s.verdict).toBe('configuration');
    const text = JSON.stringify(renderWalk(c, s, facts).blocks);
    expect(text).not.toContain('the item the walkthrough found');
    expect(text).toContain('No set-up item was answered No');
  });

  it('a set-up item answered No is named in the next steps', () => {
    const facts = computeFacts(ctx, SUBJECTS.configRoute);
    const { s } = walk(facts, () => 'no');
    expect(s.verdict).toBe('configuration');
    expect(JSON.stringify(renderWalk(c, s, facts).blocks)).toContain('Fix credentials and registration (answered No)');
  });
});

describe('on a first day of uniform trouble', () => {
  it("following the data ends on the analysis's unexplained, not on a configuration it did not find", () => {
    const g = generateScenario('uniform-14-first-day', { seed: 1, day: '2026-11-20' });
    const ctx = testCtx({ now: '2026-11-21T06:00:00Z' });
    insertCalls(ctx.db, g.calls);
    const facts = computeFacts(ctx, '*');
    expect(facts.finding?.verdict).toBe('unexplained');
    const { s } = walk(facts, (data) => data ?? 'unsure');
    expect(s.verdict).toBe('unexplained');
  });
});
