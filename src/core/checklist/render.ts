import type { Block, Button, Reply } from '../../reply.js';
import type { Facts, WalkState } from './machine.js';
import { findStep, type Answer, type Checklist } from './schema.js';
import { subjectLabel } from './subject.js';

const SHORT: Record<Answer | 'back', string> = { yes: 'y', no: 'n', unsure: 'u', back: 'b' };
const WORD: Record<Answer, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

/** Button value for `check.answer`: `<walkthrough id>:<step id or ->:<y|n|u|b>` (well under Discord's 100). */
export function answerValue(id: number, stepId: string | null, a: Answer | 'back'): string {
  return `${id}:${stepId ?? '-'}:${SHORT[a]}`;
}

export function parseAnswerValue(v: string): { id: number; stepId: string | null; answer: Answer | 'back' } | null {
  const m = /^(\d+):([a-z._-]+):([ynub])$/.exec(v);
  if (!m) return null;
  const answer = ({ y: 'yes', n: 'no', u: 'unsure', b: 'back' } as const)[m[3] as 'y' | 'n' | 'u' | 'b'];
  return { id: Number(m[1]), stepId: m[2] === '-' ? null : m[2]!, answer };
}

/** The data's window in words (`since Nov 20`, `on Nov 20`); walkthroughs stored before it had a label read by their UTC date. */
function since(facts: Facts): string {
  return facts.label ?? `since ${new Date(facts.fromMs).toISOString().slice(0, 10)}`;
}

/**
 * The verdict's next steps, true to the walkthrough: a step that points at "the item the
 * walkthrough found" names the set-up items answered No, or, when none was, is replaced by what to
 * do instead; never a reference to an item that was not found.
 */
function nextStepsFor(c: Checklist, s: WalkState, steps: readonly string[]): string[] {
  const found = s.transcript
    .filter((t) => t.effective === 'no' && findStep(c, t.step)?.stage === 1)
    .map((t) => findStep(c, t.step)!.title.toLowerCase());
  return steps.flatMap((x) => {
    if (!/the item the walkthrough found/i.test(x)) return [x];
    if (found.length) return [x.replace(/the item the walkthrough found/i, `${found.join(' and ')} (answered No)`)];
    return [
      'No set-up item was answered No: the refusals come from a route or the account as a whole; compare a refused INVITE with an accepted one on the same route.',
    ];
  });
}

function stepReply(c: Checklist, s: WalkState, facts: Facts, notice?: string): Reply {
  const st = findStep(c, s.stepId!)!;
  const data = st.probe ? facts.probes[st.probe] : undefined;
  const stage = c.stages.find((x) => x.n === st.stage)!;
  const blocks: Block[] = [
    { kind: 'text', heading: `Step ${st.stage} of 5 · ${stage.title}: ${st.title}`, text: `**${st.question}**` },
    { kind: 'list', heading: 'How to check', items: st.how },
  ];
  if (data) {
    const hint = data.answer
      ? ` The data says **${WORD[data.answer]}**; press it to confirm, or the other to override.`
      : '';
    blocks.push({ kind: 'text', heading: `What your calls say (${since(facts)})`, text: data.text + hint });
  }
  const answered = s.transcript.length;
  if (facts.noCalls && answered === 0)
    blocks.push({ kind: 'text', heading: 'What your calls say', text: facts.noCalls });
  blocks.push({
    kind: 'context',
    text: `${subjectLabel(s.subject)} · walkthrough #${s.id} · ${answered} answered${notice ? ` · ${notice}` : ''}`,
  });
  const buttons: Button[] = (['yes', 'no', 'unsure'] as const).map((a) => ({
    label: a === 'unsure' && data?.answer ? `Not sure (use data: ${WORD[data.answer]})` : WORD[a],
    action: 'check.answer',
    value: answerValue(s.id, s.stepId, a),
    ...(data?.answer === a ? { style: 'primary' as const } : {}),
  }));
  if (answered > 0)
    buttons.push({
      label: 'Back',
      action: 'check.answer',
      value: answerValue(s.id, s.stepId, 'back'),
      style: 'secondary',
    });
  return { title: `403 checklist: ${subjectLabel(s.subject)}`, blocks, buttons, replaceOriginal: true, tone: 'info' };
}

function verdictReply(c: Checklist, s: WalkState, facts: Facts, notice?: string): Reply {
  const v = c.verdicts[s.verdict!];
  const blocks: Block[] = [{ kind: 'text', heading: `Verdict: ${v.title}`, text: v.summary }];
  if (s.notes.length) blocks.push({ kind: 'list', heading: 'What your answers found', items: s.notes });
  // The data behind the patterns and routes answers, so the verdict reads on its own.
  // Several steps can quote the same analysis finding; show each sentence once.
  const evidence = [
    ...new Set(
      s.transcript
        .filter((t) => t.data && findStep(c, t.step)!.stage >= 2 && t.effective !== 'unsure')
        .map((t) => t.data!.text),
    ),
  ];
  if (evidence.length) blocks.push({ kind: 'list', heading: 'What the data showed', items: evidence.slice(0, 5) });
  if (facts.finding && facts.finding.verdict !== s.verdict) {
    blocks.push({
      kind: 'text',
      heading: 'The analysis says otherwise',
      text: `${since(facts).charAt(0).toUpperCase()}${since(facts).slice(1)}, the analysis finds ${facts.finding.summary} Your answers lead to ${v.title.toLowerCase()} instead; the steps you overrode are listed below.`,
    });
  }
  blocks.push({ kind: 'list', heading: 'What to do next', items: nextStepsFor(c, s, v.next_steps), ordered: true });
  const overrides = s.transcript.filter((t) => t.override);
  if (overrides.length) {
    blocks.push({
      kind: 'list',
      heading: 'Where you overrode the data',
      items: overrides.map(
        (t) =>
          `${findStep(c, t.step)?.title ?? t.step}: you said ${WORD[t.answer]}, the data said ${WORD[t.data!.answer!]}`,
      ),
    });
  }
  if (s.unchecked.length) blocks.push({ kind: 'text', heading: 'Not checked yet', text: s.unchecked.join(', ') });
  blocks.push({
    kind: 'table',
    heading: 'Transcript',
    columns: ['step', 'data', 'answer'],
    rows: s.transcript.map((t) => [
      findStep(c, t.step)?.title ?? t.step,
      t.data?.answer ? WORD[t.data.answer] : '-',
      t.answer === t.effective ? WORD[t.answer] : `${WORD[t.answer]} -> ${WORD[t.effective]}`,
    ]),
  });
  blocks.push({
    kind: 'context',
    text: `${subjectLabel(s.subject)} · walkthrough #${s.id} · data ${since(facts)}${notice ? ` · ${notice}` : ''}`,
  });
  return {
    title: `403 checklist: ${subjectLabel(s.subject)}: ${v.title}`,
    blocks,
    buttons: [
      { label: 'Ask an expert', action: 'escalate.open', value: `w:${s.id}`, style: 'primary' },
      { label: 'Back', action: 'check.answer', value: answerValue(s.id, null, 'back'), style: 'secondary' },
      { label: 'Start over', action: 'check.start', value: s.subject === '*' ? '' : s.subject, style: 'secondary' },
    ],
    replaceOriginal: true,
    tone: s.verdict === 'configuration' ? 'warn' : s.verdict === 'insufficient_data' ? 'info' : 'bad',
  };
}

/** The message for a walkthrough in its current state: the step's question, or the verdict. */
export function renderWalk(c: Checklist, s: WalkState, facts: Facts, notice?: string): Reply {
  return s.stepId ? stepReply(c, s, facts, notice) : verdictReply(c, s, facts, notice);
}
