import type { Ctx } from '../../context.js';
import type { Reply } from '../../reply.js';
import { listCalls } from '../../store/call-list.js';
import { totals } from '../../store/checklist-facts.js';
import { analyzeWindow } from '../analysis/analyze.js';
import { num, pct } from '../analysis/stats.js';
import type { Finding } from '../analysis/types.js';
import { computeFacts } from '../checklist/facts.js';
import { loadChecklist, type ProbeId } from '../checklist/schema.js';
import { callsFile, windowText } from './calls-reply.js';
import { shownCallId } from './csv.js';
import { encodeQuery, toFilter, type CallQuery } from './query.js';

export const TICKET_SAMPLE = 10;

const utc = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The analysis' own finding on the route over the window (its verdict, figures, began and reasons). */
function routeFinding(ctx: Ctx, route: string, fromMs: number, toMs: number): Finding | undefined {
  const a = analyzeWindow(ctx.db, { from: new Date(fromMs), to: new Date(toMs), timeZone: ctx.config.timeZone, route });
  return a.report.findings.find((f) => f.kind === 'route' && f.subject === route);
}

/**
 * The checklist probes a carrier cares about: our side's set-up and traffic. Volume and the
 * route comparisons restate the analysis, which the ticket already quotes.
 */
const TICKET_PROBES: readonly ProbeId[] = [
  'trunk_ok',
  'account_limits',
  'destinations',
  'caller_format',
  'by_number',
  'by_region',
  'progress',
];

/** What the data already answered on the 403 checklist for this route: the "what we checked" of a ticket. */
function checked(ctx: Ctx, route: string): string[] {
  const c = loadChecklist();
  const facts = computeFacts(ctx, route);
  // Steps the same probe answers (credentials, allow-list) say it once, under both titles.
  const byText = new Map<string, string[]>();
  for (const s of c.steps) {
    const r = s.probe && TICKET_PROBES.includes(s.probe) ? facts.probes[s.probe] : undefined;
    if (r && r.answer !== null) byText.set(r.text, [...(byText.get(r.text) ?? []), s.title]);
  }
  return [...byText].map(([text, titles]) => `${titles.join(', ')}: ${text}`);
}

/**
 * The text an ops lead pastes into the carrier's ticket: what, since when, how many, sample call
 * ids and what was already checked, with the CSV of every refused call attached.
 */
export function carrierTicket(ctx: Ctx, route: string, fromMs: number, toMs: number): Reply {
  const f = routeFinding(ctx, route, fromMs, toMs);
  const q: CallQuery = { fromMs, toMs, subject: { kind: 'route', value: route }, blocked: true, page: 0 };
  const t = f ?? { ...totals(ctx.db, { fromMs, toMs, route }), rate: 0, baseline_rate: 0 };
  const sample = listCalls(ctx.db, toFilter(q), TICKET_SAMPLE);
  const { file, rows } = callsFile(ctx.db, q);
  const since = f?.began ? utc(Date.parse(f.began)) : sample.length ? `at least ${utc(fromMs)}` : null;
  const rate = t.calls ? t.blocked / t.calls : 0;
  // The analysis reads the phrases of a sample of the refusals: name them, most first, without the sample's counts.
  const reasons = [...new Set((f?.reasons ?? []).slice(0, 3).map((r) => `${r.code} ${r.reason ?? ''}`.trim()))].join(
    ', ',
  );
  const lines = [
    `Subject: SIP refusals on our trunk "${route}"${since ? ` since ${since}` : ''}`,
    '',
    `What: calls we send over ${route} are refused${reasons ? ` with ${reasons}` : ''}.`,
    `How many: ${num(t.blocked)} of ${num(t.calls)} calls refused (${pct(rate)}) from ${windowText(fromMs, toMs)}${f ? `, against ${pct(f.baseline_rate)} before` : ''}.`,
    ...(f ? [`Our analysis: ${f.summary}`] : []),
    '',
    `Sample call ids (newest first; all ${num(rows)} in ${file.filename}):`,
    ...sample.map((c) =>
      `  ${shownCallId(c)}  ${new Date(c.startMs).toISOString().slice(0, 19).replace('T', ' ')} UTC  ${c.caller} -> ${c.callee}  ${c.sipCode} ${c.sipReason ?? ''}`.trimEnd(),
    ),
    '',
    'Already checked on our side:',
    ...checked(ctx, route).map((x) => `  - ${x}`),
    '',
    'Please tell us which policy or setting on your side refuses these calls, and what you need from us to lift it.',
  ];
  const text = lines.join('\n');
  return {
    title: `Carrier ticket: ${route}`,
    ephemeral: false,
    tone: 'info',
    blocks: [
      {
        kind: 'text',
        text: `Paste the text below (also attached as a .txt) into ${route}'s ticket and attach the CSV.`,
      },
      { kind: 'text', heading: 'Ticket text', text },
    ],
    files: [
      {
        filename: file.filename.replace(/\.csv$/, '-ticket.txt'),
        content: Buffer.from(text + '\n'),
        contentType: 'text/plain',
      },
      file,
    ],
    buttons: [{ label: 'Show calls', action: 'calls.show', value: encodeQuery(q) }],
  };
}
