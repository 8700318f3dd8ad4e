import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ANSWERS,
  checklistProblems,
  findStep,
  loadChecklist,
  parseChecklist,
  strongerLean,
  target,
  type Checklist,
  type VerdictId,
} from '../../../src/core/checklist/schema.js';
import { dataPath } from '../../../src/paths.js';

const raw = JSON.parse(readFileSync(dataPath('checklist.json'), 'utf8')) as Checklist;

/** Every path from the start, as the sequence of (step, answer) pairs and the verdict it ends in. */
function allPaths(c: Checklist): Array<{ path: string[]; verdict: VerdictId }> {
  const out: Array<{ path: string[]; verdict: VerdictId }> = [];
  const walk = (id: string, lean: VerdictId | null, path: string[]): void => {
    const s = findStep(c, id)!;
    for (const a of ANSWERS) {
      const t = s.answers[a];
      const l = strongerLean(c, lean, t.lean);
      const next = target(t.next, l);
      if ('verdict' in next) out.push({ path: [...path, `${id}:${a}`], verdict: next.verdict });
      else walk(next.step, l, [...path, `${id}:${a}`]);
    }
  };
  walk(c.start, null, []);
  return out;
}

describe('data/checklist.json', () => {
  it('parses against the schema with no cross-reference problems', () => {
    expect(() => loadChecklist()).not.toThrow();
    expect(checklistProblems(raw)).toEqual([]);
  });

  it('covers the five stages of the issue, with the six set-up checks first', () => {
    const c = loadChecklist();
    expect(c.steps.filter((s) => s.stage === 1).map((s) => s.id)).toEqual([
      'setup.credentials',
      'setup.ip_acl',
      'setup.account',
      'setup.permissions',
      'setup.caller_id',
      'setup.prefix',
    ]);
    for (const stage of [2, 3, 4]) expect(c.steps.some((s) => s.stage === stage)).toBe(true);
    expect(c.stages).toHaveLength(5);
  });

  it('reaches every step and ends every path in a verdict, and every verdict is reachable', () => {
    const c = loadChecklist();
    const paths = allPaths(c);
    const visited = new Set(paths.flatMap((p) => p.path.map((x) => x.split(':')[0])));
    expect([...visited].sort()).toEqual(c.steps.map((s) => s.id).sort());
    expect(paths.length).toBeGreaterThan(50);
    const verdicts = new Set(paths.map((p) => p.verdict));
    expect([...verdicts].sort()).toEqual([
      'carrier_policy',
      'configuration',
      'destination_policy',
      'insufficient_data',
      'reputation',
      'velocity',
    ]);
    for (const p of paths) expect(p.path.length).toBeLessThanOrEqual(c.steps.length);
  });

  it('asks steps 3 and 4 on every path past the set-up checks before its verdict', () => {
    for (const p of allPaths(loadChecklist())) {
      const steps = p.path.map((x) => x.split(':')[0] ?? '');
      if (!steps.some((id) => id.startsWith('patterns.'))) continue;
      expect(steps, p.path.join(' ')).toContain('routes.multiple');
      expect(steps.at(-1), p.path.join(' ')).toBe('reach.device');
    }
  });

  it('refuses a lean missing from lean_priority, or listed twice', () => {
    const missing = structuredClone(raw);
    missing.lean_priority = missing.lean_priority.filter((v) => v !== 'velocity');
    expect(() => parseChecklist(missing)).toThrow(/lean velocity is not in lean_priority/);
    const twice = structuredClone(raw);
    twice.lean_priority = [...twice.lean_priority, 'reputation'];
    expect(() => parseChecklist(twice)).toThrow(/lean_priority lists a verdict twice/);
  });

  it('keeps every text within the render limits (buttons, Slack sections, Discord fields)', () => {
    const c = loadChecklist();
    for (const s of c.steps) {
      const rendered = [s.question, ...s.how].join('\n');
      expect(rendered.length, s.id).toBeLessThan(1024);
    }
    for (const v of Object.values(c.verdicts)) expect(v.next_steps.join('\n').length).toBeLessThan(1024);
  });

  it('refuses content with an unknown target, an unreachable step or a cycle', () => {
    const bad = structuredClone(raw);
    bad.steps[0]!.answers.yes.next = 'setup.nowhere';
    expect(() => parseChecklist(bad)).toThrow(/unknown step setup.nowhere/);
    const cyc = structuredClone(raw);
    cyc.steps.find((s) => s.id === 'setup.prefix')!.answers.unsure.next = 'setup.credentials';
    expect(() => parseChecklist(cyc)).toThrow(/cycle/);
    const orphan = structuredClone(raw);
    orphan.steps.push({ ...structuredClone(orphan.steps[0]!), id: 'setup.orphan' });
    expect(() => parseChecklist(orphan)).toThrow(/setup.orphan is unreachable/);
    const long = structuredClone(raw);
    long.steps[0]!.question = 'x'.repeat(500);
    expect(() => parseChecklist(long)).toThrow(/question/);
  });
});
