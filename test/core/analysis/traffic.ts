/**
 * A small traffic builder for the analysis's own hard cases: numbers, routes and destinations
 * picked at random (seeded), refused with a background probability unless `refuse` says
 * otherwise for a call. Deliberately not the demo generator, whose shapes the rules were tuned on.
 */
import type { CallRecord } from '../../../src/core/call.js';
import { createRng, type Rng } from '../../../src/core/demo/rng.js';

export interface Call {
  caller: string;
  route: string;
  region: string;
  /** Whole days since the first day (0 = first), and the UTC hour. */
  day: number;
  hour: number;
}

export interface TrafficSpec {
  seed: number;
  /** Exclusive end, a UTC midnight; the last day generated is the one before it. */
  end: string;
  days: number;
  callsPerDay: number;
  numbers: readonly string[];
  routes: readonly string[];
  regions: readonly string[];
  /** Probability of a refusal for an ordinary call. */
  noise: number;
  /** A call's refusal probability where a pattern is planted; undefined: the noise. */
  refuse?: (c: Call) => number | undefined;
  /** Picks the caller (default: uniform). */
  caller?: (rng: Rng) => string;
  /** Picks the destination for a caller (default: uniform). */
  region?: (caller: string, rng: Rng) => string;
  route?: (caller: string, region: string, rng: Rng) => string;
}

const DAY = 86_400_000;

function callee(region: string, rng: Rng): { callee: string; country: string; npa: string | null } {
  const tail = String(Math.floor(rng() * 1e7)).padStart(7, '0');
  if (/^\d{3}$/.test(region)) return { callee: `+1${region}${tail}`, country: 'US', npa: region };
  return { callee: `+4420${tail}`, country: region, npa: null };
}

export function traffic(spec: TrafficSpec): CallRecord[] {
  const rng = createRng(spec.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const start = Date.parse(spec.end) - spec.days * DAY;
  const out: CallRecord[] = [];
  for (let d = 0; d < spec.days; d++) {
    for (let i = 0; i < spec.callsPerDay; i++) {
      // Office-hours traffic: most calls 08:00-20:00, a few at night.
      const hour = rng() < 0.9 ? 8 + Math.floor(rng() * 12) : Math.floor(rng() * 24);
      const startMs = start + d * DAY + hour * 3_600_000 + Math.floor(rng() * 3_600_000);
      const caller = spec.caller ? spec.caller(rng) : pick(spec.numbers);
      const region = spec.region ? spec.region(caller, rng) : pick(spec.regions);
      const route = spec.route ? spec.route(caller, region, rng) : pick(spec.routes);
      const p = spec.refuse?.({ caller, route, region, day: d, hour }) ?? spec.noise;
      const refused = rng() < p;
      const to = callee(region, rng);
      out.push({
        source: 'hard',
        callId: `h${spec.seed}-${d}-${i}`,
        startMs,
        caller,
        callee: to.callee,
        callerCountry: 'US',
        callerNpa: caller.slice(2, 5),
        callerState: null,
        calleeCountry: to.country,
        calleeNpa: to.npa,
        calleeState: null,
        calleeRegion: region,
        route,
        sipCode: refused ? 403 : rng() < 0.5 ? 200 : 486,
        sipReason: refused ? 'Forbidden' : null,
        q850Cause: null,
        durationS: null,
        campaign: null,
        attestation: null,
        hangupSource: null,
        pddMs: null,
        progressCode: null,
      });
    }
  }
  return out;
}

/** `count` caller numbers `+1<npa>555<nnnn>`. */
export function numbers(count: number, npa = '212'): string[] {
  return Array.from({ length: count }, (_, i) => `+1${npa}555${String(1000 + i)}`);
}
