import type { Block, Reply } from '../../reply.js';
import { num, pct } from '../analysis/stats.js';
import type { Analysis, Finding } from '../analysis/types.js';
import { verdictLabel } from '../analysis/verdicts.js';
import { contactLine, type ContactEvidence } from '../number/finding-contacts.js';
import { findingActions } from './finding-actions.js';

function subjectText(f: Finding): string {
  if (f.kind === 'account') return 'all traffic';
  return `\`${f.subject}\`${f.label ? ` (${f.label})` : ''}`;
}

function reasonsText(f: Finding): string | undefined {
  if (!f.reasons?.length) return undefined;
  return f.reasons
    .slice(0, 4)
    .map(
      (r) =>
        `${r.code} ${r.reason ?? ''}`.trim() + ` x${num(r.count)}${r.decoded ? ` (${r.decoded.toLowerCase()})` : ''}`,
    )
    .join('; ');
}

/** `2026-11-20 14:00 UTC`, `2026-11-20 06:00 America/Los_Angeles`: the team's clock, as the digest's day is. */
function localClock(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone}`;
}

/** One finding as a text block: verdict and subject as heading, the rule in numbers, reasons, first step. */
export function findingBlock(f: Finding, i: number, full = false, timeZone = 'UTC'): Block[] {
  const lines = [f.summary];
  const reasons = reasonsText(f);
  // analyze() reads the phrases of at most 300 refusals per finding; say so when it sampled.
  if (reasons)
    lines.push(
      f.blocked > 300 ? `Seen in a sample of 300 of the ${num(f.blocked)} refusals: ${reasons}` : `Seen: ${reasons}`,
    );
  const at = (iso: string): string => localClock(iso, timeZone);
  if (f.began)
    lines.push(
      `Began: ${at(f.began)}${f.evidence?.ongoing_before_window ? ' (before this window)' : ''}${f.recovered ? `; recovered ${at(f.recovered)}` : ''}; ${f.evidence?.no_history ? 'no history yet' : `baseline ${pct(f.baseline_rate)}`}`,
    );
  const contacts = f.evidence?.redress_contacts as ContactEvidence[] | undefined;
  if (contacts?.length) lines.push(`Redress: ${contacts.slice(0, 2).map(contactLine).join('; ')}`);
  const blocks: Block[] = [
    { kind: 'text', heading: `${i + 1}. ${verdictLabel(f.verdict)}: ${subjectText(f)}`, text: lines.join('\n') },
  ];
  if (full) blocks.push({ kind: 'list', heading: 'Next steps', ordered: true, items: f.next_steps });
  else if (f.next_steps[0]) blocks.push({ kind: 'context', text: `Next: ${f.next_steps[0]}` });
  return blocks;
}

export interface ReportReplyOptions {
  title: string;
  /** What the window is called in sentences: "yesterday", "the last 24 hours". */
  windowName: string;
  png?: Buffer;
  chartName?: string;
  maxFindings?: number;
}

/** `baseline 0.4%`, or `no history yet` when the seven days before hold too few calls to be one. */
export function baselineText(a: Analysis): string {
  return a.hasHistory ? `baseline ${pct(a.report.totals.baseline_rate)}` : 'no history yet';
}

/** The digest (or a patterns answer) as a platform-neutral Reply. */
export function reportReply(a: Analysis, o: ReportReplyOptions): Reply {
  const { totals, findings } = a.report;
  const real = findings.filter((f) => f.verdict !== 'insufficient_data');
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        { label: 'Calls', value: num(totals.calls) },
        { label: 'Refused', value: `${num(totals.blocked)} (${pct(totals.rate)})` },
        { label: 'Baseline, 7 days before', value: a.hasHistory ? pct(totals.baseline_rate) : 'no history yet' },
        {
          label: 'Findings',
          value: `${real.length || 'none'}${findings.length > real.length ? ` (+${findings.length - real.length} to watch)` : ''}`,
        },
      ],
    },
  ];
  if (totals.calls === 0) {
    blocks.push({
      kind: 'text',
      text: `No calls stored ${o.windowName}. Ingest call records with \`sipbot ingest FILE\` or the HTTP API (POST /api/v1/calls).`,
    });
  } else if (findings.length === 0) {
    blocks.push({
      kind: 'text',
      text: `No 403 patterns ${o.windowName}: ${num(totals.blocked)} refusals among ${num(totals.calls)} calls is background noise (${baselineText(a)}).`,
    });
  }
  const max = o.maxFindings ?? 8;
  const window = { from: Date.parse(a.report.period.from), to: Date.parse(a.report.period.to) };
  findings
    .slice(0, max)
    .forEach((f, i) =>
      blocks.push(...findingBlock(f, i, false, a.report.period.timezone), findingActions(f, i, window)),
    );
  if (findings.length > max)
    blocks.push({
      kind: 'context',
      text: `${findings.length - max} more findings: \`sipbot patterns --json\` lists them all.`,
    });
  if (a.routes.length) {
    blocks.push({
      kind: 'table',
      heading: 'Routes',
      columns: ['route', 'calls', 'refused', 'rate', 'baseline'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: a.routes.map((r) => [r.route, num(r.calls), num(r.blocked), pct(r.rate), pct(r.baseline_rate)]),
    });
  }
  blocks.push({
    kind: 'context',
    text: 'Refusals: 403, 603 Network Blocked, 607, 608. Each finding passed a Wilson-interval test against its peers and history; thresholds in data/analysis-thresholds.json.',
  });
  const reply: Reply = { title: o.title, blocks, tone: real.length ? 'bad' : findings.length ? 'warn' : 'ok' };
  if (o.png) {
    reply.image = {
      filename: o.chartName ?? 'refusals-by-hour.png',
      png: o.png,
      alt: `Refused calls by hour: ${num(totals.blocked)} of ${num(totals.calls)} (${pct(totals.rate)}), ${baselineText(a)}`,
    };
  }
  return reply;
}
