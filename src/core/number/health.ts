import type { Ctx } from '../../context.js';
import { analyzeWindow } from '../analysis/analyze.js';
import { attestationCounts, redressContacts, routeTallies, type ContactRow } from '../../store/number-health.js';
import { getProfile, listChecks, listRedress, type RedressCheck, type RedressRow } from '../../store/redress.js';
import { rate } from '../analysis/stats.js';
import { total } from '../analysis/tally.js';
import { defaultThresholds, type Thresholds } from '../analysis/thresholds.js';
import type { Verdict } from '../analysis/types.js';
import { localDate, localDayWindow, previousDate } from '../digest/day-window.js';
import { ENGINES } from '../redress/engines.js';
import { inferEngines, type EngineChoice } from '../redress/infer.js';
import { recommend, type Recommendation } from './recommend.js';
import { dayState, episodes, type DayState, type Episode } from './episodes.js';

export interface HealthDay {
  /** Start of the local day (SIPBOT_TIMEZONE), and its calendar date: the digest's day. */
  day: number;
  date: string;
  calls: number;
  blocked: number;
  routes: Record<string, { calls: number; blocked: number }>;
  state: DayState;
}

export interface NumberHealth {
  number: string;
  timeZone: string;
  fromMs: number;
  toMs: number;
  days: HealthDay[];
  episodes: Episode[];
  routes: Array<{
    route: string;
    provider: string | null;
    calls: number;
    blocked: number;
    recentCalls: number;
    recentBlocked: number;
  }>;
  calls: number;
  blocked: number;
  /** Last 7 days against the number's own normal (the median day with calls before them). */
  volume: { recentPerDay: number; normalPerDay: number | null };
  recentRate: number;
  /** A/B/C as reported; `unknown`: calls whose source reported no attestation letter. Never inferred. */
  attestation: { A: number; B: number; C: number; unknown: number };
  contacts: ContactRow[];
  redress: RedressRow[];
  checks: Map<number, RedressCheck[]>;
  engines: EngineChoice[];
  recommendation: Recommendation;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The last `days` local calendar dates in `tz`, oldest first, today (partial) last. */
function localDates(now: Date, days: number, tz: string): string[] {
  const out = [localDate(now, tz)];
  while (out.length < days) out.unshift(previousDate(out[0]!));
  return out;
}

/**
 * One local day of the number as the digest of that day sees it: the same window (the whole
 * calendar day in the configured zone) through the same analysis, filtered to the number. A day
 * without a refusal of the number has no finding about it, so its analysis is skipped.
 */
function judgeDay(ctx: Ctx, number: string, date: string, th: Thresholds): HealthDay {
  const { from, to } = localDayWindow(date, ctx.config.timeZone);
  const tallies = routeTallies(ctx.db, number, from.getTime(), to.getTime());
  const routes = Object.fromEntries(tallies.map((r) => [r.route, { calls: r.calls, blocked: r.blocked }]));
  const day = total(tallies);
  const findings =
    day.blocked > 0
      ? analyzeWindow(ctx.db, { from, to, timeZone: ctx.config.timeZone, number, thresholds: th, reasons: false })
          .report.findings
      : [];
  return {
    day: from.getTime(),
    date,
    calls: day.calls,
    blocked: day.blocked,
    routes,
    state: dayState(number, findings, day, th),
  };
}

/** The number's health over the last `days` local days (today's partial day last). */
export function numberHealth(ctx: Ctx, number: string, days = 30): NumberHealth {
  const th = defaultThresholds();
  const now = ctx.clock.now();
  const toMs = now.getTime();
  const out = localDates(now, days, ctx.config.timeZone).map((date) => judgeDay(ctx, number, date, th));
  const fromMs = out[0]!.day;
  const eps = episodes(out);
  const recent = out.slice(-7);
  const before = out
    .slice(0, -7)
    .filter((d) => d.calls > 0)
    .map((d) => d.calls);
  const recentCalls = recent.reduce((s, d) => s + d.calls, 0);
  const recentBlocked = recent.reduce((s, d) => s + d.blocked, 0);
  const profile = getProfile(ctx.db);
  const routeNames = [...new Set(out.flatMap((d) => Object.keys(d.routes)))].sort();
  const routes = routeNames
    .map((route) => {
      const sum = (ds: HealthDay[], k: 'calls' | 'blocked'): number =>
        ds.reduce((s, d) => s + (d.routes[route]?.[k] ?? 0), 0);
      return {
        route,
        provider: profile.providers[route] ?? null,
        calls: sum(out, 'calls'),
        blocked: sum(out, 'blocked'),
        recentCalls: sum(recent, 'calls'),
        recentBlocked: sum(recent, 'blocked'),
      };
    })
    .sort((a, b) => b.blocked - a.blocked || b.calls - a.calls);
  const att = { A: 0, B: 0, C: 0, unknown: 0 };
  for (const r of attestationCounts(ctx.db, number, fromMs, toMs)) {
    const k = r.attestation?.toUpperCase();
    if (k === 'A' || k === 'B' || k === 'C') att[k] += r.calls;
    else att.unknown += r.calls;
  }
  const contacts = redressContacts(ctx.db, number, fromMs, toMs);
  const redress = listRedress(ctx.db, { number, limit: 20 });
  const checks = new Map(redress.map((r) => [r.id, listChecks(ctx.db, r.id)]));
  const engines = inferEngines(contacts, routes);
  const volume = { recentPerDay: recentCalls / Math.max(1, recent.length), normalPerDay: median(before) };
  const recentRate = rate(recentBlocked, recentCalls);
  const calls = out.reduce((s, d) => s + d.calls, 0);
  const blocked = out.reduce((s, d) => s + d.blocked, 0);
  const recommendation = recommend({
    nowMs: toMs,
    episodes: eps,
    volume,
    recentRate,
    redress,
    checks,
    engine: engines[0] ? ENGINES[engines[0].engine].label : null,
  });
  return {
    number,
    timeZone: ctx.config.timeZone,
    fromMs,
    toMs,
    days: out,
    episodes: eps,
    routes,
    calls,
    blocked,
    volume,
    recentRate,
    attestation: att,
    contacts,
    redress,
    checks,
    engines,
    recommendation,
  };
}

/** `sipbot number --json`, exactly as documented. */
export interface NumberJson {
  number: string;
  verdicts: Array<{ verdict: Verdict; began: string; recovered: string | null }>;
  days: Array<{
    date: string;
    calls: number;
    blocked: number;
    routes: Record<string, { calls: number; blocked: number }>;
  }>;
  attestation: { A: number; B: number; C: number; unknown: number };
  redress: Array<{ id: number; engine: string; status: string; submitted_at: string | null }>;
}

export function numberJson(h: NumberHealth): NumberJson {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    number: h.number,
    verdicts: h.episodes.map((e) => ({
      verdict: e.verdict,
      began: iso(e.began),
      recovered: e.recovered === null ? null : iso(e.recovered),
    })),
    days: h.days.map((d) => ({ date: d.date, calls: d.calls, blocked: d.blocked, routes: d.routes })),
    attestation: h.attestation,
    redress: h.redress.map((r) => ({
      id: r.id,
      engine: r.engine,
      status: r.status,
      submitted_at: r.submittedMs === null ? null : iso(r.submittedMs),
    })),
  };
}
