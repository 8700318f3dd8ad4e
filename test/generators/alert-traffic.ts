import type { CallRecord } from '../../src/core/call.js';
import { createRng, cumulative, pickWeighted } from '../../src/core/demo/rng.js';
import { insertCalls } from '../../src/store/calls.js';
import type { Db } from '../../src/store/db.js';

/**
 * Minute-by-minute outbound traffic for the alerts simulation: a few routes, caller numbers with
 * uneven volumes, destination regions, background refusals (`noise`), and a scenario hook that
 * decides a call's SIP answer (a route's config push, a number flagged, a region barred, an outage).
 */
export interface CallShape {
  minuteMs: number;
  caller: string;
  route: string;
  region: string;
}

export interface TrafficOptions {
  seed?: number;
  routes?: string[];
  /** Caller numbers and their relative volumes. */
  numbers?: Array<{ number: string; weight: number }>;
  regions?: string[];
  /** Calls in the minute starting at `minuteMs`. Default 40. */
  perMinute?: (minuteMs: number) => number;
  /** Background refusal probability (403). Default 0.003. */
  noise?: number;
  /** The SIP answer the scenario forces on this call, or null for the normal one. */
  outcome?: ((c: CallShape, rng: () => number) => { code: number; reason?: string } | null) | undefined;
}

export const ROUTES = ['telco-east', 'telco-west', 'sipline'];
export const REGIONS = ['212', '512', '305', '415', '617', '713', '312', '404'];
/** One heavy caller (4 calls a minute at 40/min), the rest light. */
export const NUMBERS = [
  { number: '+12125550100', weight: 10 },
  ...Array.from({ length: 20 }, (_, i) => ({ number: `+1212555${String(1001 + i)}`, weight: 1.5 })),
];
export const HEAVY = NUMBERS[0]!.number;

const MINUTE = 60_000;

export class TrafficGenerator {
  private readonly rng: () => number;
  private readonly cum: number[];
  private seq = 0;
  private readonly o: Required<Omit<TrafficOptions, 'outcome'>> & Pick<TrafficOptions, 'outcome'>;

  constructor(opts: TrafficOptions = {}) {
    this.o = {
      seed: opts.seed ?? 7,
      routes: opts.routes ?? ROUTES,
      numbers: opts.numbers ?? NUMBERS,
      regions: opts.regions ?? REGIONS,
      perMinute: opts.perMinute ?? (() => 40),
      noise: opts.noise ?? 0.003,
      outcome: opts.outcome,
    };
    this.rng = createRng(this.o.seed);
    this.cum = cumulative(this.o.numbers.map((n) => n.weight));
  }

  /** The calls of one minute. */
  minute(minuteMs: number): CallRecord[] {
    const n = this.o.perMinute(minuteMs);
    const out: CallRecord[] = [];
    for (let i = 0; i < n; i++) {
      const caller = this.o.numbers[pickWeighted(this.rng, this.cum)]!.number;
      const route = this.o.routes[Math.floor(this.rng() * this.o.routes.length)]!;
      const region = this.o.regions[Math.floor(this.rng() * this.o.regions.length)]!;
      const forced = this.o.outcome?.({ minuteMs, caller, route, region }, this.rng) ?? null;
      const code = forced?.code ?? (this.rng() < this.o.noise ? 403 : this.rng() < 0.6 ? 200 : 486);
      const reason =
        forced?.reason ?? (code === 200 ? 'OK' : code === 403 ? 'Forbidden' : code === 486 ? 'Busy Here' : null);
      out.push({
        source: 'sim',
        callId: `sim-${this.o.seed}-${++this.seq}`,
        startMs: minuteMs + Math.floor((i * MINUTE) / Math.max(1, n)),
        caller,
        callee: `+1${region}555${String(1000 + Math.floor(this.rng() * 9000))}`,
        callerCountry: 'US',
        callerNpa: '212',
        callerState: 'NY',
        calleeCountry: 'US',
        calleeNpa: region,
        calleeState: null,
        calleeRegion: region,
        route,
        sipCode: code,
        sipReason: reason,
        q850Cause: null,
        durationS: code === 200 ? 60 : 0,
        campaign: null,
        attestation: 'A',
        hangupSource: null,
        pddMs: null,
        progressCode: null,
      });
    }
    return out;
  }

  /** Stores every minute of [fromMs, toMs). */
  fill(db: Db, fromMs: number, toMs: number): number {
    let stored = 0;
    for (let m = fromMs; m < toMs; m += MINUTE) stored += insertCalls(db, this.minute(m)).stored;
    return stored;
  }
}
