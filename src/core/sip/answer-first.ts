import type { Block, Button, Reply } from '../../reply.js';
import type { CodeStats } from '../../store/code-stats.js';
import { num, pct } from '../analysis/stats.js';
import { verdictLabel } from '../analysis/verdicts.js';
import { encodeQuery } from '../calls/query.js';
import type { Analysis, Finding } from '../analysis/types.js';
import { codeDataBlocks, pct as share, trend } from './data-blocks.js';
import { buttons, codeTitle, queryBlocks } from './explain-reply.js';
import type { CodeExplanation } from './explain.js';

const DAY = 86_400_000;

/** A refusal code among a finding's sampled refusals; `603+` means 603 "Network Blocked". */
export function findingHasCode(f: Finding, key: string): boolean {
  const plus = key.endsWith('+');
  const n = Number.parseInt(key, 10);
  return (f.reasons ?? []).some((r) => r.code === n && (!plus || /network\s*blocked/i.test(r.reason ?? '')));
}

function subject(f: Finding): string {
  if (f.kind === 'account') return 'every route';
  return f.label ? `${f.subject} (${f.label})` : f.subject;
}

/** "since 14:10" today, "since 26 Nov" before; in the team's zone. */
function since(f: Finding, nowMs: number, timeZone: string): string {
  if (!f.began) return '';
  const at = Date.parse(f.began);
  const day = (ms: number): string => new Date(ms).toLocaleDateString('en-CA', { timeZone });
  const sameDay = day(at) === day(nowMs);
  const text = sameDay
    ? new Date(at).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    : new Date(at).toLocaleDateString('en-GB', { timeZone, day: 'numeric', month: 'short' });
  return ` since ${text}`;
}

/**
 * The first line of `/sip 403`: whether it is the team or the network right now, from the
 * analysis' own findings of the last 24 hours ("4.9% refused in 24 h: mostly sipline,
 * configuration since 14:10; also +12125550123, reputation").
 */
export function refusalAnswer(key: string, a: Analysis, nowMs: number, timeZone: string): string {
  const t = a.report.totals;
  if (t.calls === 0) return 'No calls stored in the last 24 h: nothing to compare with.';
  const real = a.report.findings.filter((f) => f.verdict !== 'insufficient_data');
  const withCode = real.filter((f) => findingHasCode(f, key));
  const shown = withCode.length ? withCode : real;
  const head = `${pct(t.rate)} refused in 24 h`;
  if (!shown.length) {
    return `${head} (${num(t.blocked)} of ${num(t.calls)}), ${a.hasHistory === false ? 'no history yet' : `against ${pct(t.baseline_rate)} before`}: no pattern. Occasional ${key}s are usually one call's set-up (permissions, caller ID), not blocking.`;
  }
  const [first, second] = shown;
  const parts = [
    `${head}: mostly ${subject(first!)}, ${verdictLabel(first!.verdict)}${since(first!, nowMs, timeZone)}`,
  ];
  if (second) parts.push(`also ${subject(second)}, ${verdictLabel(second.verdict)}${since(second, nowMs, timeZone)}`);
  const more = shown.length - parts.length;
  return parts.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** The first line for a code that is not a refusal by policy (486, 480, 503...): how often, and the trend. */
export function codeAnswer(label: string, s: CodeStats): string {
  if (s.last24h === 0 && s.last7d === 0)
    return `No ${label} in your calls in the last 7 days (${num(s.total7d)} calls).`;
  // The direction only ("up (6.2x)", "flat"): the figures below give the week's numbers.
  const direction = trend(s).split(':')[0];
  return `${label} on ${share(s.last24h, s.total24h)} of calls in 24 h (${num(s.last24h)} of ${num(s.total24h)}); the last 7 days against the week before: ${direction}.`;
}

export interface AnswerFirstInput {
  e: CodeExplanation;
  stats: CodeStats;
  /** The last 24 hours' analysis, for refusal codes. */
  analysis: Analysis | null;
  nowMs: number;
  timeZone: string;
  /** Already posted to the channel: no Share button. */
  shared: boolean;
  /** What the Share button re-runs (the asker's own text). */
  query: string;
  /** Extra blocks after the figures (the 603 / 603+ note). */
  extra?: Block[];
}

/**
 * `/sip <code>` with the team's data: the answer in one line, then the figures, with the textbook
 * behind "More about <code>". Only the asker sees it until they press Share.
 */
export function answerFirstReply(i: AnswerFirstInput): Reply {
  const { e, stats } = i;
  const label = e.key === '603+' ? '603+' : String(e.code);
  const answer = i.analysis ? refusalAnswer(label, i.analysis, i.nowMs, i.timeZone) : codeAnswer(label, stats);
  const blocks: Block[] = [
    { kind: 'text', text: `**${answer}**` },
    // The textbook's first sentence, so the reader knows which code this is about.
    {
      kind: 'context',
      text: `${label} ${e.key === '603+' ? 'Network Blocked' : e.reason}: ${firstSentence(e.summary)}`,
    },
    ...queryBlocks(e),
    ...codeDataBlocks(label, stats),
    ...(i.extra ?? []),
  ];
  const window = stats.last24h > 0 ? DAY : 7 * DAY;
  const show: Button[] =
    stats.last7d > 0
      ? [
          {
            label: 'Show calls',
            action: 'calls.show',
            value: encodeQuery({
              fromMs: i.nowMs - window,
              toMs: i.nowMs,
              subject: { kind: 'account' },
              code: label,
              blocked: false,
              page: 0,
            }),
          },
        ]
      : [];
  return {
    title: codeTitle(e),
    tone: e.policy_refusal ? 'bad' : 'warn',
    ephemeral: !i.shared,
    blocks,
    buttons: [
      ...show,
      ...buttons(e.key),
      { label: `More about ${label}`, action: 'explain.more', value: e.key },
      ...(i.shared
        ? []
        : [{ label: 'Share', action: 'explain.share', value: i.query.slice(0, 1500), style: 'primary' as const }]),
    ],
  };
}

function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(s);
  return m ? m[1]! : s;
}
