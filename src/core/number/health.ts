import type { Ctx } from '../../context.js';
import { refreshRollups } from '../../store/analysis.js';
import {
  attestationCounts, numberDayRoutes, othersDayRoutes, othersDays, redressContacts, type ContactRow,
} from '../../store/number-health.js';
import { getProfile, listChecks, listRedress, type RedressCheck, type RedressRow } from '../../store/redress.js';
import { rate } from '../analysis/stats.js';
import { defaultThresholds } from '../analysis/thresholds.js';
import type { Verdict } from '../analysis/types.js';
import { ENGINES } from '../redress/engines.js';
import { inferEngines, type EngineChoice } from '../redress/infer.js';
import { recommend, type Recommendation } from './recommend.js';
import { episodes, judgeDay, type DayState, type Episode } from './verdicts.js';

const DAY = 86_400_000;

export interface HealthDay {
  day: number;
  calls: number;
  blocked: number;
  routes: Record<string, { calls: number; blocked: number }>;
  state: DayState;
}

export interface NumberHealth {
  number: string;
  fromMs: number;
  toMs: number;
  days: HealthDay[];
  episodes: Episode[];
  routes: Array<{ route: string; provider: string | null; calls: number; blocked: number; recentCalls: number; recentBlocked: number }>;
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

/** The number's health over the last `days` UTC days (today's partial day last). */
export function numberHealth(ctx: Ctx, number: string, days = 30): NumberHealth {
  const th = defaultThresholds();
  const toMs = ctx.clock.now().getTime();
  const fromMs = Math.floor(toMs / DAY) * DAY - (days - 1) * DAY;
  try {
    refreshRollups(ctx.db);
  } catch (err) {
    // A read-only or busy database: the rollups are as of their last refresh.
    ctx.log.debug({ err }, 'rollups not refreshed for number health');
  }
  const mine = numberDayRoutes(ctx.db, number, fromMs, toMs);
  const routeNames = [...new Set(mine.map((r) => r.route))].sort();
  const others = othersDayRoutes(ctx.db, number, routeNames, fromMs, toMs);
  const othersAll = new Map(othersDays(ctx.db, number, fromMs, toMs).map((r) => [r.day, r]));
  const out: HealthDay[] = [];
  for (let d = fromMs; d < toMs; d += DAY) {
    const routes = new Map(mine.filter((r) => r.day === d).map((r) => [r.route, { calls: r.calls, blocked: r.blocked }]));
    const o = new Map(others.filter((r) => r.day === d).map((r) => [r.route, { calls: r.calls, blocked: r.blocked }]));
    const state = judgeDay({ day: d, routes, others: o, othersAll: othersAll.get(d) ?? { calls: 0, blocked: 0 } }, th);
    let calls = 0;
    let blocked = 0;
    for (const t of routes.values()) {
      calls += t.calls;
      blocked += t.blocked;
    }
    out.push({ day: d, calls, blocked, routes: Object.fromEntries(routes), state });
  }
  const eps = episodes(out.map((d) => ({ day: d.day, state: d.state })));
  const recent = out.slice(-7);
  const before = out.slice(0, -7).filter((d) => d.calls > 0).map((d) => d.calls);
  const recentCalls = recent.reduce((s, d) => s + d.calls, 0);
  const recentBlocked = recent.reduce((s, d) => s + d.blocked, 0);
  const profile = getProfile(ctx.db);
  const routes = routeNames.map((route) => {
    const all = mine.filter((r) => r.route === route);
    const rec = all.filter((r) => r.day >= (recent[0]?.day ?? toMs));
    return {
      route, provider: profile.providers[route] ?? null,
      calls: all.reduce((s, r) => s + r.calls, 0), blocked: all.reduce((s, r) => s + r.blocked, 0),
      recentCalls: rec.reduce((s, r) => s + r.calls, 0), recentBlocked: rec.reduce((s, r) => s + r.blocked, 0),
    };
  }).sort((a, b) => b.blocked - a.blocked || b.calls - a.calls);
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
  const recommendation = recommend({ nowMs: toMs, episodes: eps, volume, recentRate, redress, checks, engine: engines[0] ? ENGINES[engines[0].engine].label : null });
  return { number, fromMs, toMs, days: out, episodes: eps, routes, calls, blocked, volume, recentRate, attestation: att, contacts, redress, checks, engines, recommendation };
}

/** `sipbot number --json`, exactly as documented. */
export interface NumberJson {
  number: string;
  verdicts: Array<{ verdict: Verdict; began: string; recovered: string | null }>;
  days: Array<{ date: string; calls: number; blocked: number; routes: Record<string, { calls: number; blocked: number }> }>;
  attestation: { A: number; B: number; C: number; unknown: number };
  redress: Array<{ id: number; engine: string; status: string; submitted_at: string | null }>;
}

export function numberJson(h: NumberHealth): NumberJson {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    number: h.number,
    verdicts: h.episodes.map((e) => ({ verdict: e.verdict, began: iso(e.began), recovered: e.recovered === null ? null : iso(e.recovered) })),
    days: h.days.map((d) => ({ date: iso(d.day).slice(0, 10), calls: d.calls, blocked: d.blocked, routes: d.routes })),
    attestation: h.attestation,
    redress: h.redress.map((r) => ({ id: r.id, engine: r.engine, status: r.status, submitted_at: r.submittedMs === null ? null : iso(r.submittedMs) })),
  };
}
