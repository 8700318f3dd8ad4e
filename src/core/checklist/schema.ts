import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dataPath } from '../../paths.js';
import { VERDICTS, type Verdict } from '../analysis/verdicts.js';

/** The checklist's verdicts are the analysis's (the one registry, src/core/analysis/verdicts.ts). */
export { VERDICTS };
export type VerdictId = Verdict;

/** The data answers a step can show; each is computed by facts.ts from the calls table. */
export const PROBES = [
  'trunk_ok',
  'account_limits',
  'destinations',
  'caller_format',
  'by_number',
  'by_region',
  'by_volume',
  'multi_route',
  'one_route',
  'progress',
] as const;
export type ProbeId = (typeof PROBES)[number];

export const ANSWERS = ['yes', 'no', 'unsure'] as const;
export type Answer = (typeof ANSWERS)[number];

/** Render limits every text must fit: Slack section text 3000, Discord embed field 1024, button label 80. */
export const LIMITS = { title: 60, question: 200, how: 300, note: 300, summary: 400, nextStep: 300 } as const;

const transition = z.strictObject({
  /** A step id, `verdict:<id>`, or `verdict` (the verdict the answers so far lean to). */
  next: z.string().min(1),
  lean: z.enum(VERDICTS).optional(),
  note: z.string().min(1).max(LIMITS.note).optional(),
  /** The user could not check this item: listed under the verdict. */
  unchecked: z.boolean().optional(),
});

const step = z.strictObject({
  id: z.string().regex(/^[a-z]+\.[a-z_]+$/),
  stage: z.number().int().min(1).max(4),
  title: z.string().min(1).max(LIMITS.title),
  question: z.string().min(1).max(LIMITS.question),
  how: z.array(z.string().min(1).max(LIMITS.how)).min(1).max(4),
  probe: z.enum(PROBES).nullable(),
  answers: z.strictObject({ yes: transition, no: transition, unsure: transition }),
});

const verdict = z.strictObject({
  title: z.string().min(1).max(LIMITS.title),
  summary: z.string().min(1).max(LIMITS.summary),
  next_steps: z.array(z.string().min(1).max(LIMITS.nextStep)).min(1).max(6),
});

export const checklistSchema = z.strictObject({
  version: z.literal(1),
  start: z.string(),
  stages: z.array(z.strictObject({ n: z.number().int(), title: z.string().min(1).max(LIMITS.title) })).length(5),
  /**
   * The leans from strongest evidence to weakest: a walkthrough ends on the strongest lean any
   * answer set, not the last one, so a later, weaker answer (one route refuses every number)
   * cannot undo an earlier, more specific one (the refusals track the number's busiest hours).
   */
  lean_priority: z.array(z.enum(VERDICTS)).min(1),
  steps: z.array(step).min(1),
  verdicts: z.strictObject(Object.fromEntries(VERDICTS.map((v) => [v, verdict])) as Record<VerdictId, typeof verdict>),
});

export type Checklist = z.infer<typeof checklistSchema>;
export type Step = z.infer<typeof step>;
export type Transition = z.infer<typeof transition>;

/** Parses and cross-checks checklist content; throws with every problem listed. */
export function parseChecklist(raw: unknown): Checklist {
  const parsed = checklistSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error('checklist: ' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const problems = checklistProblems(parsed.data);
  if (problems.length) throw new Error('checklist: ' + problems.join('; '));
  return parsed.data;
}

let cached: Checklist | undefined;

/** data/checklist.json, validated once per process. */
export function loadChecklist(): Checklist {
  cached ??= parseChecklist(JSON.parse(readFileSync(dataPath('checklist.json'), 'utf8')));
  return cached;
}

export function findStep(c: Checklist, id: string): Step | undefined {
  return c.steps.find((s) => s.id === id);
}

/** Where a transition leads: a step, or a verdict (resolved against the lean so far). */
export function target(next: string, lean: VerdictId | null): { step: string } | { verdict: VerdictId } {
  if (next === 'verdict') return { verdict: lean ?? 'insufficient_data' };
  if (next.startsWith('verdict:')) return { verdict: next.slice('verdict:'.length) as VerdictId };
  return { step: next };
}

/** The stronger of two leans by the checklist's lean_priority (earlier wins); null when neither is set. */
export function strongerLean(
  c: Pick<Checklist, 'lean_priority'>,
  a: VerdictId | null,
  b: VerdictId | null | undefined,
): VerdictId | null {
  if (!b) return a;
  if (!a) return b;
  return c.lean_priority.indexOf(b) < c.lean_priority.indexOf(a) ? b : a;
}

/** Cross-references: unique ids, known targets, every step reachable, no cycles. */
export function checklistProblems(c: Checklist): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of c.steps) {
    if (ids.has(s.id)) problems.push(`duplicate step ${s.id}`);
    ids.add(s.id);
  }
  if (!ids.has(c.start)) problems.push(`start ${c.start} is not a step`);
  if (new Set(c.lean_priority).size !== c.lean_priority.length) problems.push('lean_priority lists a verdict twice');
  for (const s of c.steps) {
    for (const a of ANSWERS) {
      const { next, lean } = s.answers[a];
      if (lean && !c.lean_priority.includes(lean)) problems.push(`${s.id}.${a}: lean ${lean} is not in lean_priority`);
      if (next === 'verdict') continue;
      if (next.startsWith('verdict:')) {
        if (!(VERDICTS as readonly string[]).includes(next.slice(8)))
          problems.push(`${s.id}.${a}: unknown verdict ${next}`);
      } else if (!ids.has(next)) problems.push(`${s.id}.${a}: unknown step ${next}`);
    }
  }
  const reached = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (path.includes(id)) {
      problems.push(`cycle ${[...path, id].join(' -> ')}`);
      return;
    }
    const s = findStep(c, id);
    if (!s) return;
    reached.add(id);
    for (const a of ANSWERS) {
      const t = target(s.answers[a].next, null);
      if ('step' in t) visit(t.step, [...path, id]);
    }
  };
  visit(c.start, []);
  for (const id of ids) if (!reached.has(id)) problems.push(`step ${id} is unreachable from ${c.start}`);
  return [...new Set(problems)];
}
