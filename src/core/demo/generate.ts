import type { CallRecord } from '../call.js';
import {
  CALLER_NPAS,
  HOURLY_VOLUME,
  INTL_REGIONS,
  INTL_SHARE,
  NANP_REGIONS,
  OUTCOMES,
  ROUTES,
  ROUTE_WEIGHTS,
} from './catalog.js';
import {
  DEFAULT_PLANTS,
  REFUSALS,
  REPUTATION_ROUTES,
  SUBJECTS,
  VELOCITY_HOURS,
  truthOf,
  type PlantName,
  type PlantedTruth,
} from './plants.js';
import { createRng, cumulative, pickWeighted, type Rng } from './rng.js';

export interface DemoOptions {
  /** Days of traffic, ending at `end`. Default 8: one day to digest and seven of baseline. */
  days?: number;
  /** Average calls per weekday (weekends carry 60%). Default 20,000. */
  callsPerDay?: number;
  /** Exclusive end (UTC midnight); the last generated day is the one before it. */
  end: Date;
  seed?: number;
  /** Patterns to plant; default every one but account_config. */
  plant?: readonly PlantName[];
  /** How many of the last days carry the planted patterns. Default 1 (the day a digest shows). */
  plantDays?: number;
  /** Source name stored with each call. Default `demo`. */
  source?: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Caller {
  number: string;
  npa: string;
  state: string;
  weight: number;
}

/** The dialer's number pool: 36 ordinary numbers plus the four the plants use. */
function callerPool(rng: Rng): Caller[] {
  const planted = new Set<string>([
    SUBJECTS.reputation,
    SUBJECTS.carrierPolicy,
    SUBJECTS.velocity,
    SUBJECTS.insufficient,
  ]);
  const pool: Caller[] = [];
  for (let i = 0; pool.length < 36; i++) {
    const home = CALLER_NPAS[i % CALLER_NPAS.length]!;
    const number = `+1${home.npa}55501${String(i).padStart(2, '0')}`;
    if (planted.has(number)) continue;
    pool.push({ number, npa: home.npa, state: home.state, weight: 0.5 + rng() });
  }
  pool.push({ number: SUBJECTS.reputation, npa: '212', state: 'NY', weight: 2.5 });
  pool.push({ number: SUBJECTS.carrierPolicy, npa: '312', state: 'IL', weight: 2 });
  pool.push({ number: SUBJECTS.velocity, npa: '415', state: 'CA', weight: 1.5 });
  return pool;
}

const nanpCum = cumulative(NANP_REGIONS.map((r) => r.weight));
const intlCum = cumulative(INTL_REGIONS.map((r) => r.weight));
const outcomeCum = cumulative(OUTCOMES.map((o) => o.weight));
const hourCum = cumulative(HOURLY_VOLUME);
const routeCum = cumulative(ROUTE_WEIGHTS);
const CAMPAIGNS = ['renewals', 'reminders', 'outreach'];

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 10);
  return s;
}

interface Dest {
  callee: string;
  country: string;
  npa: string | null;
  state: string | null;
  region: string;
}

function destination(rng: Rng, forceRegion?: string): Dest {
  if (forceRegion === SUBJECTS.region || (!forceRegion && rng() < 0.012)) {
    return {
      callee: `+1876${2 + Math.floor(rng() * 8)}${digits(rng, 6)}`,
      country: 'JM',
      npa: '876',
      state: 'JM',
      region: '876',
    };
  }
  if (rng() < INTL_SHARE) {
    const c = INTL_REGIONS[pickWeighted(rng, intlCum)]!;
    return { callee: c.prefix + digits(rng, c.digits), country: c.country, npa: null, state: null, region: c.country };
  }
  const r = NANP_REGIONS[pickWeighted(rng, nanpCum)]!;
  const country = r.state === 'ON' || r.state === 'BC' ? 'CA' : 'US';
  return {
    callee: `+1${r.npa}${2 + Math.floor(rng() * 8)}${digits(rng, 6)}`,
    country,
    npa: r.npa,
    state: r.state,
    region: r.npa,
  };
}

type Refusal = { readonly code: number; readonly reason: string; readonly q850: number; readonly weight: number };

function pickRefusal(rng: Rng, list: readonly Refusal[]): Refusal {
  return list[pickWeighted(rng, cumulative(list.map((r) => r.weight)))]!;
}

function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Generates the calls of one UTC day. Deterministic: the same seed and day give the same calls
 * with the same ids, so re-running the demo stores nothing twice.
 */
export function demoDay(
  dayStart: number,
  opts: { callsPerDay: number; seed: number; plants: ReadonlySet<PlantName>; source: string },
): CallRecord[] {
  const rng = createRng(opts.seed * 1_000_003 + Math.floor(dayStart / DAY));
  const pool = callerPool(createRng(opts.seed));
  const callerCum = cumulative(pool.map((c) => c.weight));
  const weekday = new Date(dayStart).getUTCDay();
  const n = Math.round(opts.callsPerDay * (weekday === 0 || weekday === 6 ? 0.6 : 1) * (0.95 + rng() * 0.1));
  const p = opts.plants;
  const out: CallRecord[] = [];
  const tag = `${opts.source}-s${opts.seed}-${ymd(dayStart)}-`;

  const make = (caller: Caller, startMs: number, forceRegion?: string, routeOverride?: string): void => {
    const route = routeOverride ?? ROUTES[pickWeighted(rng, routeCum)]!;
    const dest = destination(rng, forceRegion);
    let outcome: { code: number; reason: string; q850: number | null } = OUTCOMES[pickWeighted(rng, outcomeCum)]!;
    const hour = Math.floor((startMs - dayStart) / HOUR);
    if (p.has('account_config') && rng() < 0.97) outcome = pickRefusal(rng, REFUSALS.account);
    else if (p.has('route_config') && route === SUBJECTS.configRoute && rng() < 0.92)
      outcome = pickRefusal(rng, REFUSALS.config);
    else if (p.has('destination_policy') && dest.region === SUBJECTS.region && rng() < 0.85)
      outcome = pickRefusal(rng, REFUSALS.destination);
    else if (
      p.has('reputation') &&
      caller.number === SUBJECTS.reputation &&
      REPUTATION_ROUTES.includes(route) &&
      rng() < 0.4
    )
      outcome = pickRefusal(rng, REFUSALS.reputation);
    else if (
      p.has('carrier_policy') &&
      caller.number === SUBJECTS.carrierPolicy &&
      route === SUBJECTS.carrierRoute &&
      rng() < 0.7
    )
      outcome = pickRefusal(rng, REFUSALS.carrier);
    else if (p.has('velocity') && caller.number === SUBJECTS.velocity && VELOCITY_HOURS.includes(hour) && rng() < 0.5)
      outcome = pickRefusal(rng, REFUSALS.velocity);
    else if (p.has('insufficient_data') && caller.number === SUBJECTS.insufficient && rng() < 0.78)
      outcome = pickRefusal(rng, REFUSALS.insufficient);
    const answered = outcome.code === 200;
    out.push({
      source: opts.source,
      callId: tag + String(out.length).padStart(6, '0'),
      startMs,
      caller: caller.number,
      callee: dest.callee,
      callerCountry: 'US',
      callerNpa: caller.npa,
      callerState: caller.state,
      calleeCountry: dest.country,
      calleeNpa: dest.npa,
      calleeState: dest.state,
      calleeRegion: dest.region,
      route,
      sipCode: outcome.code,
      sipReason: outcome.reason,
      q850Cause: outcome.q850,
      durationS: answered ? Math.round(-Math.log(1 - rng()) * 90 * 10) / 10 : 0,
      campaign: CAMPAIGNS[Math.floor(rng() * CAMPAIGNS.length)]!,
      attestation: 'A',
      hangupSource: answered ? (rng() < 0.5 ? 'caller' : 'callee') : outcome.code === 487 ? 'caller' : 'callee',
      pddMs: 800 + Math.floor(rng() * 3200),
      progressCode: answered || outcome.code === 487 || outcome.code === 486 ? 180 : null,
    });
  };

  const at = (hour: number): number => dayStart + hour * HOUR + Math.floor(rng() * HOUR);
  for (let i = 0; i < n; i++) make(pool[pickWeighted(rng, callerCum)]!, at(pickWeighted(rng, hourCum)));

  // The velocity number's burst: three times its usual hourly volume on top, in its burst hours.
  if (p.has('velocity')) {
    const velocity = pool.find((c) => c.number === SUBJECTS.velocity)!;
    const share = velocity.weight / (callerCum.at(-1) ?? 1);
    const hourTotal = hourCum.at(-1) ?? 1;
    for (const h of VELOCITY_HOURS) {
      const extra = Math.round(n * share * ((HOURLY_VOLUME[h] ?? 0) / hourTotal) * 3);
      for (let i = 0; i < extra; i++) make(velocity, at(h));
    }
  }
  // A number that barely calls: ~9 calls on a planted day, 2-3 on others.
  const few = { number: SUBJECTS.insufficient, npa: '617', state: 'MA', weight: 0 };
  const fewCalls = p.has('insufficient_data') ? 9 : 2 + Math.floor(rng() * 2);
  for (let i = 0; i < fewCalls; i++) make(few, at(13 + Math.floor(rng() * 8)));

  out.sort((a, b) => a.startMs - b.startMs);
  return out;
}

export interface DemoPlan {
  from: Date;
  to: Date;
  days: number;
  plantFrom: Date;
  planted: PlantedTruth[];
}

/**
 * Yields the demo traffic one day at a time (so callers can store it in chunks) and returns the
 * planted truths through `plan`.
 */
export function planDemo(opts: DemoOptions): { plan: DemoPlan; days: () => Generator<CallRecord[]> } {
  const days = opts.days ?? 8;
  const callsPerDay = opts.callsPerDay ?? 20_000;
  const seed = opts.seed ?? 1;
  const plantDays = Math.min(opts.plantDays ?? 1, days);
  const plants = new Set(opts.plant ?? DEFAULT_PLANTS);
  const end = Math.floor(opts.end.getTime() / DAY) * DAY;
  const from = end - days * DAY;
  const plantFrom = end - plantDays * DAY;
  const source = opts.source ?? 'demo';
  const plan: DemoPlan = {
    from: new Date(from),
    to: new Date(end),
    days,
    plantFrom: new Date(plantFrom),
    planted: [...plants].map(truthOf),
  };
  function* gen(): Generator<CallRecord[]> {
    for (let d = from; d < end; d += DAY) {
      yield demoDay(d, { callsPerDay, seed, plants: d >= plantFrom ? plants : new Set(), source });
    }
  }
  return { plan, days: gen };
}
