import type { Db } from '../../store/db.js';
import type { Reply } from '../../reply.js';
import { analyzeWindow } from '../analysis/analyze.js';
import { num, pct } from '../analysis/stats.js';
import type { Analysis, Finding } from '../analysis/types.js';
import { UserError } from '../../errors.js';
import { nearest } from '../subject.js';
import { baselineText, findingBlock, reportReply } from './digest-reply.js';
import { findingActions } from './finding-actions.js';

export interface PatternsOptions {
  from: Date;
  to: Date;
  timeZone: string;
  number?: string;
  route?: string;
  /** Only findings about this destination region. */
  region?: string;
  /** Show every finding in full (next steps listed): the "Details" button. */
  detail?: boolean;
  /** Only findings whose refusals include this SIP code (`403`, `603+`, `608`): explain's "Show patterns". */
  code?: string;
}

/** Whether a finding's sampled refusals include a code; `603+` means 603 "Network Blocked". */
function hasCode(f: Finding, code: string): boolean {
  const plus = code.endsWith('+');
  const n = Number.parseInt(code, 10);
  return (f.reasons ?? []).some((r) => r.code === n && (!plus || /network\s*blocked/i.test(r.reason ?? '')));
}

function span(ms: number): string {
  const h = ms / 3_600_000;
  return h % 24 === 0 ? `${h / 24} day${h === 24 ? '' : 's'}` : `${Math.round(h * 10) / 10} hours`;
}

/**
 * A subject with no calls in the window is a mistake to point out, not "0 of 0 refused": the
 * error names the known subjects of the same kind nearest to what was typed.
 */
function unknownSubject(a: Analysis, o: PatternsOptions, length: string): void {
  if (a.report.totals.calls > 0) return;
  const asked: Array<[string | undefined, string, string[]]> = [
    [o.number, 'from', a.known.numbers],
    [o.route, 'on route', a.known.routes],
    [o.region, 'into', a.known.regions],
  ];
  const [value, how, known] = asked.find(([v]) => v !== undefined) ?? [];
  if (value === undefined || !how || !known) return;
  const near = nearest(value, known);
  throw new UserError(
    'patterns.unknown_subject',
    `No calls ${how} ${value} in the last ${length}${near.length ? `; nearest with calls: ${near.join(', ')}` : '; no calls at all in that window'}.`,
  );
}

/** `/sip patterns` and `sipbot patterns`: the analysis of any window as a Reply. */
export function buildPatterns(db: Db, o: PatternsOptions): { analysis: Analysis; reply: Reply } {
  const analysis = analyzeWindow(db, {
    from: o.from,
    to: o.to,
    timeZone: o.timeZone,
    ...(o.number ? { number: o.number } : {}),
    ...(o.route ? { route: o.route } : {}),
    ...(o.region ? { region: o.region } : {}),
  });
  unknownSubject(analysis, o, span(o.to.getTime() - o.from.getTime()));
  // Codes that are not refusals (486, 480, 503...) keep every finding: those are the 403 patterns there are.
  const refusal = o.code !== undefined && /^(403|603\+|607|608)$/.test(o.code);
  if (o.code && refusal) analysis.report.findings = analysis.report.findings.filter((f) => hasCode(f, o.code!));
  const subject = o.number ?? o.route ?? o.region ?? (refusal ? `SIP ${o.code}` : undefined);
  const length = span(o.to.getTime() - o.from.getTime());
  const title = `403 patterns${subject ? ` for ${subject}` : ''}, last ${length}`;
  if (!o.detail) {
    return { analysis, reply: reportReply(analysis, { title, windowName: `in the last ${length}` }) };
  }
  const { findings, totals } = analysis.report;
  const reply: Reply = {
    title,
    ephemeral: true,
    tone: findings.some((f) => f.verdict !== 'insufficient_data') ? 'bad' : 'ok',
    blocks: findings.length
      ? findings.flatMap((f, i) => [
          ...findingBlock(f, i, true, o.timeZone),
          findingActions(f, i, { from: o.from.getTime(), to: o.to.getTime() }),
        ])
      : [
          {
            kind: 'text',
            text: `No 403 pattern${subject ? ` for \`${subject}\`` : ''} in the last ${length}: ${num(totals.blocked)} of ${num(totals.calls)} calls refused (${pct(totals.rate)}), ${baselineText(analysis)}.`,
          },
        ],
  };
  if (analysis.routes.length) {
    reply.blocks.push({
      kind: 'table',
      heading: subject ? `Routes for ${subject}` : 'Routes',
      columns: ['route', 'calls', 'refused', 'rate', 'baseline'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: analysis.routes.map((r) => [r.route, num(r.calls), num(r.blocked), pct(r.rate), pct(r.baseline_rate)]),
    });
  }
  return { analysis, reply };
}
