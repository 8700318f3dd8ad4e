import { isChatPlatform } from '../../adapters/platforms.js';
import type { Ctx, Invoker } from '../../context.js';
import type { Block, Reply } from '../../reply.js';
import { refreshRollups } from '../../store/analysis.js';
import { openAlerts } from '../../store/alerts.js';
import { listOpenEscalations } from '../../store/escalations.js';
import { routeDays } from '../../store/route-trend.js';
import { getSubscription, type Subscription } from '../../store/subscriptions.js';
import { alertsTable } from '../alerts/status.js';
import { analyzeWindow } from '../analysis/analyze.js';
import { num, pct } from '../analysis/stats.js';
import type { Analysis } from '../analysis/types.js';
import { verdictLabel } from '../analysis/verdicts.js';
import { subjectLabel } from '../checklist/subject.js';
import { localDate, localDayWindow } from '../digest/day-window.js';
import { findingActions } from '../digest/finding-actions.js';
import { sparkline } from './sparkline.js';

const DAY = 86_400_000;
/** Findings that get their own action buttons; the rest are in the table. */
const ACTION_FINDINGS = 3;

export interface StatusEnv {
  ctx: Ctx;
  invoker: Invoker;
  /** The channel's digest subscription, described (`daily at 08:00 UTC`, next post). */
  describeSubscription?: (s: Subscription, now: Date) => string;
}

interface Section {
  blocks: Block[];
  /** Something needs a person: sets the reply's tone. */
  attention: boolean;
}

function hhmm(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** Today's findings so far (local midnight to now), from the analysis itself. */
function findingsToday(ctx: Ctx, a: Analysis, window: { from: number; to: number }): Section {
  const t = a.report.totals;
  const real = a.report.findings.filter((f) => f.verdict !== 'insufficient_data');
  const watch = a.report.findings.length - real.length;
  const blocks: Block[] = [
    {
      kind: 'fields',
      heading: `Today since 00:00 ${ctx.config.timeZone}`,
      fields: [
        { label: 'Calls', value: num(t.calls) },
        { label: 'Refused', value: `${num(t.blocked)} (${pct(t.rate)})` },
        { label: 'Baseline', value: pct(t.baseline_rate) },
        { label: 'Open findings', value: `${real.length || 'none'}${watch ? ` (+${watch} to watch)` : ''}` },
      ],
    },
  ];
  if (real.length) {
    blocks.push({
      kind: 'table',
      columns: ['#', 'verdict', 'subject', 'refused', 'rate', 'since'],
      align: ['right', 'left', 'left', 'right', 'right', 'left'],
      rows: real.map((f, i) => [
        String(i + 1),
        verdictLabel(f.verdict),
        f.kind === 'account' ? 'all traffic' : f.label ? `${f.subject} (${f.label})` : f.subject,
        `${num(f.blocked)}/${num(f.calls)}`,
        pct(f.rate),
        f.began ? hhmm(Date.parse(f.began), ctx.config.timeZone) : '-',
      ]),
    });
    real.slice(0, ACTION_FINDINGS).forEach((f, i) => blocks.push(findingActions(f, i, window)));
  } else if (t.calls > 0) {
    blocks.push({ kind: 'context', text: 'No 403 pattern today: refusals are at background level.' });
  }
  return { blocks, attention: real.length > 0 };
}

/** Alerts not resolved yet, with their state (SPEC "Alerts"), in the alerts' own table. */
function alertsNow(ctx: Ctx): Section {
  const open = openAlerts(ctx.db);
  if (!open.length) return { blocks: [{ kind: 'text', heading: 'Open alerts', text: 'None.' }], attention: false };
  return {
    blocks: [
      alertsTable(open, ctx.config.timeZone, `Open alerts (${open.length})`),
      { kind: 'context', text: '`/sip alerts` for their buttons.' },
    ],
    attention: open.some((a) => a.state === 'firing'),
  };
}

function openEscalations(ctx: Ctx, nowMs: number): Section {
  const rows = listOpenEscalations(ctx.db, 10);
  if (!rows.length) return { blocks: [{ kind: 'text', heading: 'Open escalations', text: 'None.' }], attention: false };
  const age = (ms: number): string => {
    const m = Math.round((nowMs - ms) / 60_000);
    return m < 90 ? `${m} min` : m < 48 * 60 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} d`;
  };
  return {
    blocks: [
      {
        kind: 'table',
        heading: `Open escalations (${rows.length}${rows.length === 10 ? '+' : ''})`,
        columns: ['id', 'state', 'urgency', 'subject', 'waiting', 'assignee'],
        rows: rows.map((e) => [
          `#${e.id}`,
          e.status,
          e.urgency,
          subjectLabel(e.subject),
          age(e.createdMs),
          e.assigneeName ?? e.assigneeId ?? '-',
        ]),
      },
      { kind: 'context', text: '`/sip escalations ack|assign|resolve ID`, or `sipbot escalations ...` from a shell.' },
    ],
    attention: rows.some((e) => e.status === 'open'),
  };
}

function subscriptions(env: StatusEnv): Section | null {
  const p = env.invoker.platform;
  if (!isChatPlatform(p)) return null;
  const sub = getSubscription(env.ctx.db, p, env.invoker.channelId);
  const text = sub
    ? `Digest ${env.describeSubscription ? env.describeSubscription(sub, env.ctx.clock.now()) : `daily at ${sub.localTime} ${sub.timeZone}`}.`
    : 'No digest in this channel: `/sip digest subscribe 08:00 America/Chicago` adds one.';
  return { blocks: [{ kind: 'text', heading: 'This channel', text }], attention: false };
}

/** Refusal rate per route and UTC day over the last 7 days, as sparklines on one scale. */
function routeTrend(ctx: Ctx, nowMs: number): Section {
  const today = Math.floor(nowMs / DAY) * DAY;
  const from = today - 6 * DAY;
  const rows = routeDays(ctx.db, from, today + DAY);
  if (!rows.length) return { blocks: [], attention: false };
  const byRoute = new Map<string, Array<{ calls: number; blocked: number } | null>>();
  for (const r of rows) {
    const days = byRoute.get(r.route) ?? Array.from({ length: 7 }, () => null);
    days[Math.round((r.day - from) / DAY)] = { calls: r.calls, blocked: r.blocked };
    byRoute.set(r.route, days);
  }
  const rate = (d: { calls: number; blocked: number } | null): number | null =>
    d && d.calls > 0 ? d.blocked / d.calls : null;
  // One scale for every route, so a route at 0.3% all week reads flat beside one that jumped to 90%.
  const top = Math.max(...[...byRoute.values()].flat().map((d) => rate(d) ?? 0));
  const total = (days: Array<{ calls: number; blocked: number } | null>): { calls: number; blocked: number } =>
    days.reduce<{ calls: number; blocked: number }>(
      (a, d) => ({ calls: a.calls + (d?.calls ?? 0), blocked: a.blocked + (d?.blocked ?? 0) }),
      { calls: 0, blocked: 0 },
    );
  const lines = [...byRoute]
    .map(([route, days]) => ({ route, days, week: total(days) }))
    .sort((a, b) => b.week.blocked - a.week.blocked);
  return {
    blocks: [
      {
        kind: 'table',
        heading: `Refused per route, last 7 days (UTC days, ${new Date(from).toISOString().slice(5, 10)} to today)`,
        columns: ['route', '7 days', 'today', 'week'],
        align: ['left', 'left', 'right', 'right'],
        rows: lines.map((l) => [
          l.route,
          sparkline(l.days.map(rate), top),
          rate(l.days[6] ?? null) === null ? '-' : pct(rate(l.days[6] ?? null)!),
          pct(l.week.calls ? l.week.blocked / l.week.calls : 0),
        ]),
      },
    ],
    attention: false,
  };
}

/**
 * The overview: today's open findings, open alerts and escalations with their state, this channel's digest,
 * and each route's refusal rate over the week. `/sip status` on Discord and the console; the same
 * Reply is Slack's App Home.
 */
export function statusReply(env: StatusEnv): Reply {
  const { ctx } = env;
  const now = ctx.clock.now();
  const nowMs = now.getTime();
  const day = localDate(now, ctx.config.timeZone);
  const from = localDayWindow(day, ctx.config.timeZone).from.getTime();
  const window = { from, to: Math.max(nowMs, from + 60_000) };
  const analysis = analyzeWindow(ctx.db, {
    from: new Date(window.from),
    to: new Date(window.to),
    timeZone: ctx.config.timeZone,
  });
  // The route trend reads the rollups; the analysis above folded new calls in (not when read-only).
  try {
    refreshRollups(ctx.db);
  } catch (err) {
    ctx.log.debug({ err }, 'rollups not refreshed (read-only database, or another writer holds the lock)');
  }
  // One section per concern, in reading order.
  const sections: Section[] = [
    findingsToday(ctx, analysis, window),
    alertsNow(ctx),
    openEscalations(ctx, nowMs),
    ...[subscriptions(env)].filter((s): s is Section => s !== null),
    routeTrend(ctx, nowMs),
  ];
  const blocks = sections.flatMap((s, i) =>
    i > 0 && s.blocks.length ? [{ kind: 'divider' as const }, ...s.blocks] : s.blocks,
  );
  return {
    title: `sipbot status, ${day} ${hhmm(nowMs, ctx.config.timeZone)} ${ctx.config.timeZone}`,
    ephemeral: true,
    tone: sections.some((s) => s.attention) ? 'warn' : 'ok',
    blocks,
  };
}
