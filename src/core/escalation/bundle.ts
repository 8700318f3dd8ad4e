import type { Ctx } from '../../context.js';
import { countsBy, recentRefusals, totals } from '../../store/checklist-facts.js';
import { computeFacts } from '../checklist/facts.js';
import { initialState, step, type Facts, type TranscriptEntry, type WalkState } from '../checklist/machine.js';
import { findStep, loadChecklist, type VerdictId } from '../checklist/schema.js';
import { reasonSummary } from '../checklist/probes.js';
import { subjectLabel, subjectOf } from '../checklist/subject.js';
import { analyze, type Finding } from '../analysis/index.js';

export const BUNDLE_DAYS = 7;
export const SAMPLE_SIZE = 25;

export interface Bundle {
  escalation: {
    id: number | null;
    subject: string;
    urgency: string;
    note: string | null;
    contact: string | null;
    requested_by: string;
    where: string;
    created_at: string;
  };
  window: { from: string; to: string; timezone: string };
  totals: { calls: number; blocked: number; rate: number; baseline_rate: number };
  /** The pattern analysis' findings about the subject (the patterns JSON shape); else one from the checklist's data answers. */
  findings: Array<
    Pick<
      Finding,
      | 'kind'
      | 'subject'
      | 'verdict'
      | 'calls'
      | 'blocked'
      | 'rate'
      | 'baseline_rate'
      | 'routes'
      | 'summary'
      | 'next_steps'
    > & { source: 'analysis' | 'checklist' }
  >;
  data_answers: Array<{ step: string; question: string; suggests: string; says: string }>;
  routes: Array<{ route: string; calls: number; blocked: number; answered: number; rate: number }>;
  /** `call_id`: the source's id, what a carrier asks for (absent from bundles frozen before it was added). */
  refused_sample: Array<{
    time: string;
    caller: string;
    callee: string;
    route: string;
    sip_code: number;
    sip_reason: string | null;
    q850_cause: number | null;
    call_id?: string;
  }>;
  reasons: string;
  walkthrough: {
    id: number;
    verdict: VerdictId | null;
    transcript: Array<{
      step: string;
      data: string | null;
      suggested: string | null;
      answer: string;
      acted_on: string;
      override: boolean;
      by: string;
      at: string;
    }>;
  } | null;
}

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The verdict the data alone reaches: agree with the data where it answers, "not sure" elsewhere. */
export function dataVerdict(facts: Facts): VerdictId {
  const c = loadChecklist();
  let s: WalkState = initialState(c, 0, facts.subject);
  while (s.stepId) {
    const probe = findStep(c, s.stepId)!.probe;
    s = step(
      c,
      s,
      {
        type: 'answer',
        stepId: s.stepId,
        answer: (probe && facts.probes[probe]?.answer) || 'unsure',
        by: 'data',
        atMs: 0,
      },
      facts,
    ).state;
  }
  return s.verdict ?? 'insufficient_data';
}

/** What analyze() finds about the subject over the window; an analysis failure leaves the bundle to the checklist's data. */
function analysisFindings(ctx: Ctx, subject: string, fromMs: number, toMs: number): Bundle['findings'] {
  const s = subjectOf(subject);
  try {
    const report = analyze(ctx.db, {
      from: new Date(fromMs),
      to: new Date(toMs),
      timeZone: ctx.config.timeZone,
      reasons: false,
      ...(s.kind === 'number' ? { number: s.value } : s.kind === 'route' ? { route: s.value } : {}),
    });
    return (
      report.findings
        .filter((f) => s.kind === 'account' || f.subject === s.value || (s.kind !== 'region' && f.kind !== 'region'))
        // The subject's own finding first; the others (a broken route it also used) after it.
        .sort((a, b) => Number(b.subject === s.value) - Number(a.subject === s.value))
        .slice(0, 10)
        .map((f) => ({
          source: 'analysis' as const,
          kind: f.kind,
          subject: f.subject,
          verdict: f.verdict,
          calls: f.calls,
          blocked: f.blocked,
          rate: f.rate,
          baseline_rate: f.baseline_rate,
          routes: f.routes,
          summary: f.summary,
          next_steps: f.next_steps,
        }))
    );
  } catch (e) {
    ctx.log.warn({ err: e, subject }, 'pattern analysis failed; the bundle uses the checklist data only');
    return [];
  }
}

/**
 * The evidence, frozen when the escalation is made: the subject's figures over the last week,
 * the per-route table, the most recent refusals with their reason phrases, the data's answers
 * to the checklist and the walkthrough transcript if there was one.
 */
export function buildBundle(
  ctx: Ctx,
  head: Bundle['escalation'],
  walk: { state: WalkState; facts: Facts } | null,
): Bundle {
  const c = loadChecklist();
  const toMs = ctx.clock.now().getTime();
  const fromMs = toMs - BUNDLE_DAYS * 86_400_000;
  const subj = subjectOf(head.subject);
  const slice = {
    fromMs,
    toMs,
    ...(subj.kind === 'number'
      ? { caller: subj.value }
      : subj.kind === 'route'
        ? { route: subj.value }
        : subj.kind === 'region'
          ? { region: subj.value }
          : {}),
  };
  const all = totals(ctx.db, { fromMs, toMs });
  const mine = totals(ctx.db, slice);
  const rate = mine.calls ? mine.blocked / mine.calls : 0;
  const rest = all.calls - mine.calls;
  const baseline = subj.kind === 'account' ? rate : rest > 0 ? (all.blocked - mine.blocked) / rest : 0;
  const routes = countsBy(ctx.db, slice, 'route').map((r) => ({
    route: r.key,
    calls: r.calls,
    blocked: r.blocked,
    answered: r.answered,
    rate: r4(r.calls ? r.blocked / r.calls : 0),
  }));
  // A walkthrough already holds the data's answers (read when it started, at most a TTL ago).
  const facts = walk?.facts ?? computeFacts(ctx, head.subject, BUNDLE_DAYS);
  const verdict = walk?.state.verdict ?? dataVerdict(facts);
  const v = c.verdicts[verdict];
  const sample = recentRefusals(ctx.db, slice, SAMPLE_SIZE);
  const patterns = analysisFindings(ctx, head.subject, fromMs, toMs);
  const transcript = (t: TranscriptEntry): NonNullable<Bundle['walkthrough']>['transcript'][number] => ({
    step: findStep(c, t.step)?.title ?? t.step,
    data: t.data?.text ?? null,
    suggested: t.data?.answer ?? null,
    answer: t.answer,
    acted_on: t.effective,
    override: t.override,
    by: t.by,
    at: new Date(t.atMs).toISOString(),
  });
  return {
    escalation: head,
    window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), timezone: ctx.config.timeZone },
    totals: { calls: mine.calls, blocked: mine.blocked, rate: r4(rate), baseline_rate: r4(baseline) },
    findings: patterns.length
      ? patterns
      : mine.calls === 0
        ? []
        : [
            {
              source: 'checklist',
              kind: subj.kind,
              subject: head.subject,
              verdict,
              calls: mine.calls,
              blocked: mine.blocked,
              rate: r4(rate),
              baseline_rate: r4(baseline),
              routes: routes.filter((r) => r.blocked > 0).map((r) => r.route),
              summary: `${subjectLabel(head.subject)}: ${mine.blocked} of ${mine.calls} calls refused (${(rate * 100).toFixed(1)}%) in ${BUNDLE_DAYS} days; ${walk?.state.verdict ? 'walkthrough' : 'data'} verdict: ${v.title}. ${v.summary}`,
              next_steps: v.next_steps,
            },
          ],
    data_answers: c.steps
      .filter((s) => s.probe && facts.probes[s.probe])
      .map((s) => ({
        step: s.title,
        question: s.question,
        suggests: facts.probes[s.probe!]!.answer ?? 'no answer',
        says: facts.probes[s.probe!]!.text,
      })),
    routes,
    refused_sample: sample.map((x) => ({
      time: new Date(x.startMs).toISOString(),
      caller: x.caller,
      callee: x.callee,
      route: x.route,
      sip_code: x.sipCode,
      sip_reason: x.sipReason,
      q850_cause: x.q850Cause,
      call_id: x.callId,
    })),
    reasons: reasonSummary(sample),
    walkthrough: walk
      ? { id: walk.state.id, verdict: walk.state.verdict, transcript: walk.state.transcript.map(transcript) }
      : null,
  };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_COLUMNS = [
  'section',
  'route',
  'time',
  'caller',
  'callee',
  'sip_code',
  'sip_reason',
  'q850_cause',
  'call_id',
  'calls',
  'blocked',
  'rate',
  'step',
  'answer',
  'detail',
] as const;

/**
 * One spreadsheet-friendly CSV: a `section` column says what each row is (summary, route,
 * refused call, checklist step); the other columns are filled where they apply.
 */
export function bundleCsv(b: Bundle): string {
  const rows: Array<Partial<Record<(typeof CSV_COLUMNS)[number], unknown>>> = [];
  rows.push({
    section: 'summary',
    calls: b.totals.calls,
    blocked: b.totals.blocked,
    rate: b.totals.rate,
    detail: `${b.escalation.subject}; ${b.window.from} to ${b.window.to}; baseline ${b.totals.baseline_rate}`,
  });
  for (const f of b.findings)
    rows.push({
      section: 'finding',
      calls: f.calls,
      blocked: f.blocked,
      rate: f.rate,
      answer: f.verdict,
      detail: f.summary,
    });
  for (const r of b.routes)
    rows.push({ section: 'route', route: r.route, calls: r.calls, blocked: r.blocked, rate: r.rate });
  for (const c of b.refused_sample)
    rows.push({
      section: 'refused_call',
      route: c.route,
      time: c.time,
      caller: c.caller,
      callee: c.callee,
      sip_code: c.sip_code,
      sip_reason: c.sip_reason,
      q850_cause: c.q850_cause,
      call_id: c.call_id,
    });
  for (const t of b.walkthrough?.transcript ?? [])
    rows.push({
      section: 'checklist',
      step: t.step,
      answer: t.acted_on === t.answer ? t.answer : `${t.answer} -> ${t.acted_on}`,
      detail: t.data,
    });
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((k) => csvCell(r[k])).join(','))].join('\n') + '\n';
}

export function bundleFiles(
  id: number,
  bundleJson: string,
): Array<{ filename: string; content: Buffer; contentType: string }> {
  const b = JSON.parse(bundleJson) as Bundle;
  return [
    {
      filename: `escalation-${id}.json`,
      content: Buffer.from(JSON.stringify(b, null, 2) + '\n'),
      contentType: 'application/json',
    },
    { filename: `escalation-${id}.csv`, content: Buffer.from(bundleCsv(b)), contentType: 'text/csv' },
  ];
}
