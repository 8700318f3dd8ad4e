import type { Reply } from '../../reply.js';
import { findStep, strongerLean, target, type Answer, type Checklist, type ProbeId, type VerdictId } from './schema.js';
import { renderWalk } from './render.js';

/** What the data says for one step: a suggested answer (or none) and the sentence behind it. */
export interface ProbeResult {
  answer: 'yes' | 'no' | null;
  text: string;
}

/** The data's answers, computed once when the walkthrough starts and kept with it. */
export interface Facts {
  subject: string;
  fromMs: number;
  toMs: number;
  /** The window in words, in the configured zone: `since Nov 20`, `on Nov 20` (a digest's day). */
  label?: string;
  /** The analysis's finding on the subject over the window, when it has one. */
  finding?: { verdict: VerdictId; summary: string };
  probes: Partial<Record<ProbeId, ProbeResult>>;
  /** Set when the window has no calls at all: shown once, at the first step, instead of every probe. */
  noCalls?: string;
}

export interface TranscriptEntry {
  step: string;
  question: string;
  data: ProbeResult | null;
  /** The button pressed. */
  answer: Answer;
  /** The answer the walkthrough acted on: "Not sure" takes the data's answer when it has one. */
  effective: Answer;
  /** The user contradicted the data (pressed Yes where it said No, or the reverse). */
  override: boolean;
  by: string;
  atMs: number;
}

export interface WalkState {
  id: number;
  subject: string;
  /** The step shown, or null once a verdict is reached. */
  stepId: string | null;
  verdict: VerdictId | null;
  /** The strongest lean the answers so far set (checklist lean_priority), not the last one. */
  lean: VerdictId | null;
  notes: string[];
  unchecked: string[];
  transcript: TranscriptEntry[];
}

export type WalkAction =
  | { type: 'answer'; stepId: string; answer: Answer; by: string; atMs: number }
  | { type: 'back'; stepId: string | null };

const WORDS: Record<Answer, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

export function initialState(c: Checklist, id: number, subject: string): WalkState {
  return { id, subject, stepId: c.start, verdict: null, lean: null, notes: [], unchecked: [], transcript: [] };
}

function apply(
  c: Checklist,
  s: WalkState,
  entry: Omit<TranscriptEntry, 'effective' | 'override' | 'question' | 'data'>,
  facts: Facts,
): WalkState {
  const step = findStep(c, entry.step);
  if (!step) return s;
  const data = step.probe ? (facts.probes[step.probe] ?? null) : null;
  const effective: Answer = entry.answer === 'unsure' && data?.answer ? data.answer : entry.answer;
  const override = data?.answer != null && entry.answer !== 'unsure' && entry.answer !== data.answer;
  const t = step.answers[effective];
  const lean = strongerLean(c, s.lean, t.lean);
  // No answer leaned anywhere: the analysis's verdict on the subject, when it has one.
  const next = target(t.next, lean ?? facts.finding?.verdict ?? null);
  return {
    ...s,
    lean,
    stepId: 'step' in next ? next.step : null,
    verdict: 'verdict' in next ? next.verdict : null,
    notes: t.note ? [...s.notes, t.note] : s.notes,
    unchecked: t.unchecked ? [...s.unchecked, step.title] : s.unchecked,
    transcript: [...s.transcript, { ...entry, question: step.question, data, effective, override }],
  };
}

/** Rebuilds a state from its transcript: the transcript is the source of truth, so Back is a replay. */
export function replay(
  c: Checklist,
  id: number,
  subject: string,
  transcript: readonly TranscriptEntry[],
  facts: Facts,
): WalkState {
  return transcript.reduce(
    (s, e) => apply(c, s, { step: e.step, answer: e.answer, by: e.by, atMs: e.atMs }, facts),
    initialState(c, id, subject),
  );
}

/**
 * The walkthrough as a pure state machine: `(state, action) -> { state, reply }`. A press on a
 * button of a step that is no longer current (an old message, a double click) changes nothing.
 */
export function step(
  c: Checklist,
  state: WalkState,
  action: WalkAction,
  facts: Facts,
): { state: WalkState; reply: Reply; changed: boolean } {
  if (action.stepId !== state.stepId) {
    return {
      state,
      reply: renderWalk(c, state, facts, 'That button belongs to an earlier step; this is where the walkthrough is.'),
      changed: false,
    };
  }
  let next: WalkState;
  if (action.type === 'back') {
    if (state.transcript.length === 0) return { state, reply: renderWalk(c, state, facts), changed: false };
    next = replay(c, state.id, state.subject, state.transcript.slice(0, -1), facts);
  } else {
    next = apply(c, state, { step: action.stepId, answer: action.answer, by: action.by, atMs: action.atMs }, facts);
    const last = next.transcript.at(-1);
    // An answer against the data is taken, and said so at once, not only in the verdict.
    if (last?.override && last.data?.answer) {
      const title = findStep(c, last.step)?.title ?? last.step;
      return {
        state: next,
        reply: renderWalk(
          c,
          next,
          facts,
          `you answered ${WORDS[last.answer]} to "${title}" where the data says ${WORDS[last.data.answer]}`,
        ),
        changed: true,
      };
    }
  }
  return { state: next, reply: renderWalk(c, next, facts), changed: true };
}
