import type { CallRecord } from '../../../src/core/call.js';
import { createRng, cumulative, pickWeighted, type Rng } from '../../../src/core/demo/rng.js';
import { callee, callerFields, type Caller, type Destination, type Route } from './cast.js';
import { localHours } from './clock.js';
import { BUSINESS_MIX, DIALER_MIX, FLAVOURS, NOISE_REFUSALS, type Flavour, type Outcome } from './outcomes.js';
import { inSegment } from './segment.js';
import type { Segment } from './types.js';

/** Calls per local hour of a business day (08:00-20:00 busy, a trickle overnight). */
export const BUSINESS_HOURS = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 2, 6, 10, 12, 12, 10.5, 11, 12, 12, 11, 9, 7, 5, 3, 1.2, 0.6, 0.3,
];

/** A cause applied to the calls of a segment: with probability `rate` they get one of its outcomes. */
export interface Effect {
  segment: Segment;
  rate: number;
  flavour: Flavour;
}

export interface TrafficPlan {
  /** Prefix of every call id, unique per scenario and seed. */
  tag: string;
  timeZone: string;
  routes: readonly Route[];
  callers: readonly Caller[];
  destinations: readonly Destination[];
  mix: 'business' | 'dialer';
  /** Background refusal rate, uniform over every call. */
  noise: number;
  hours: readonly number[];
  /** Local dates to generate and their base volume. */
  days: ReadonlyArray<{ day: string; calls: number }>;
  /** Policy refusals, first match wins. */
  plants: readonly Effect[];
  /** Failures that are not refusals (outages, STIR), applied where no plant refused. */
  failures: readonly Effect[];
}

const CAMPAIGNS = ['renewals', 'reminders', 'outreach', 'collections'];

/** Generates every call of the plan, sorted by start; the same plan and seed give the same calls. */
export function generateTraffic(plan: TrafficPlan, seed: number): CallRecord[] {
  const rng = createRng(seed);
  const out: CallRecord[] = [];
  const routeCum = cumulative(plan.routes.map((r) => r.weight));
  const ownRoutes = new Map(
    plan.callers.filter((c) => c.routeShares).map((c) => [c.number, cumulative(c.routeShares!)]),
  );
  const callerCum = cumulative(plan.callers.map((c) => (c.exactCalls === undefined ? c.weight : 0)));
  const destCum = cumulative(plan.destinations.map((d) => d.weight));
  const baseCum = cumulative((plan.mix === 'dialer' ? DIALER_MIX : BUSINESS_MIX).map((x) => x.weight));
  const base = plan.mix === 'dialer' ? DIALER_MIX : BUSINESS_MIX;
  const callerTotal = callerCum.at(-1) ?? 1;

  const outcome = (key: { caller: string; route: string; calleeRegion: string; startMs: number }): Outcome => {
    for (const e of plan.plants)
      if (inSegment(e.segment, key) && rng() < e.rate) return pickOutcome(rng, FLAVOURS[e.flavour]);
    for (const e of plan.failures)
      if (inSegment(e.segment, key) && rng() < e.rate) return pickOutcome(rng, FLAVOURS[e.flavour]);
    if (rng() < plan.noise) return pickOutcome(rng, NOISE_REFUSALS);
    return base[pickWeighted(rng, baseCum)]!;
  };

  const make = (caller: Caller, startMs: number, day: string): void => {
    const route = plan.routes[pickWeighted(rng, ownRoutes.get(caller.number) ?? routeCum)]!.name;
    const region =
      caller.localShare !== undefined && rng() < caller.localShare
        ? caller.npa
        : plan.destinations[pickWeighted(rng, destCum)]!.region;
    const dest = callee(rng, region);
    const res = outcome({ caller: caller.number, route, calleeRegion: region, startMs });
    const answered = res.code === 200;
    const rang = answered || res.code === 487 || res.code === 480 || res.code === 486 || res.code === 603;
    out.push({
      source: 'hard-days',
      callId: `${plan.tag}-${day}-${String(out.length).padStart(6, '0')}`,
      startMs,
      caller: caller.number,
      callee: dest.callee,
      ...callerFields(caller),
      calleeCountry: dest.country,
      calleeNpa: dest.npa,
      calleeState: dest.state,
      calleeRegion: region,
      route,
      sipCode: res.code,
      sipReason: res.reason,
      q850Cause: res.q850,
      // Answered calls last minutes (a long tail); everything else has no talk time.
      durationS: answered ? Math.round((8 + -Math.log(1 - rng()) * 110) * 10) / 10 : 0,
      campaign: CAMPAIGNS[Math.floor(rng() * CAMPAIGNS.length)]!,
      attestation: rng() < 0.85 ? 'A' : rng() < 0.7 ? 'B' : 'C',
      hangupSource: answered ? (rng() < 0.55 ? 'callee' : 'caller') : res.code === 487 ? 'caller' : 'callee',
      pddMs: 600 + Math.floor(rng() * 3600),
      progressCode: rang ? (rng() < 0.8 ? 180 : 183) : null,
    });
  };

  const lastDay = plan.days.at(-1)?.day;
  for (const { day, calls } of plan.days) {
    const hours = localHours(day, plan.timeZone);
    const hourCum = cumulative(hours.map((h) => (plan.hours[h.hour] ?? 0) * (h.to - h.from)));
    const hourTotal = hourCum.at(-1) ?? 1;
    const at = (h: { from: number; to: number }): number => h.from + Math.floor(rng() * (h.to - h.from));
    for (let i = 0; i < calls; i++)
      make(plan.callers[pickWeighted(rng, callerCum)]!, at(hours[pickWeighted(rng, hourCum)]!), day);
    // A number's bursts: its usual volume in those hours, `burst - 1` times more on top.
    for (const c of plan.callers) {
      if (!c.burstHours || !c.burst) continue;
      for (const hour of c.burstHours) {
        const h = hours[hour]!;
        const usual = calls * (c.weight / callerTotal) * (((plan.hours[hour] ?? 0) * (h.to - h.from)) / hourTotal);
        const extra = Math.round(usual * (c.burst - 1));
        for (let i = 0; i < extra; i++) make(c, at(h), day);
      }
    }
    for (const c of plan.callers) {
      if (c.exactCalls === undefined || day !== lastDay) continue;
      for (let i = 0; i < c.exactCalls; i++) make(c, at(hours[pickWeighted(rng, hourCum)]!), day);
    }
  }
  out.sort((a, b) => a.startMs - b.startMs || (a.callId < b.callId ? -1 : 1));
  return out;
}

function pickOutcome(rng: Rng, list: readonly Outcome[]): Outcome {
  return list[pickWeighted(rng, cumulative(list.map((x) => x.weight)))]!;
}
