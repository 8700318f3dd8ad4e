import type { Rng } from '../../../src/core/demo/rng.js';
import {
  INTL_DESTINATIONS,
  NANP_DESTINATIONS,
  callerPool,
  pickRoutes,
  type Caller,
  type Destination,
  type Route,
} from './cast.js';
import type { Flavour } from './outcomes.js';
import type { Effect } from './traffic.js';
import type { Planted } from './types.js';

/** What a scenario's builder gets: the seed's own random stream and the day's clock. */
export interface ScenarioContext {
  rng: Rng;
  /** Local time on the day (`daysBefore` days earlier), epoch ms. */
  at: (hour: number, minute?: number, daysBefore?: number) => number;
}

/** A plant: the truth to report plus how its refusals look. */
export type Plant = Planted & { flavour: Flavour };

export interface ScenarioBuild {
  routes: Route[];
  callers: Caller[];
  destinations?: Destination[];
  mix?: 'business' | 'dialer';
  /** Background refusal rate; default a seeded 0.4-1.5%. */
  noise?: number;
  hours?: readonly number[];
  callsPerDay: number;
  /** Clean days generated before the day (history), default 0: a first day. */
  historyDays?: number;
  /** Days the analysed period covers, ending with the day; default 1. */
  windowDays?: number;
  plants: Plant[];
  failures?: Effect[];
}

export interface ScenarioDef {
  name: string;
  /** What the day is and what must (not) be found. */
  description: string;
  /** A first day by definition: `historyDays` does not apply. */
  firstDay?: boolean;
  /** Zone the scenario is about, when it is not UTC. */
  timeZone?: string;
  build: (ctx: ScenarioContext) => ScenarioBuild;
}

/** NANP destinations with a share `intl` of international calls. */
export function destinationMix(intl = 0.1, boost: Record<string, number> = {}): Destination[] {
  const nanpTotal = NANP_DESTINATIONS.reduce((s, d) => s + d.weight, 0);
  const intlTotal = INTL_DESTINATIONS.reduce((s, d) => s + d.weight, 0);
  const out = [
    ...NANP_DESTINATIONS.map((d) => ({ region: d.region, weight: ((1 - intl) * d.weight) / nanpTotal })),
    ...INTL_DESTINATIONS.map((d) => ({ region: d.region, weight: (intl * d.weight) / intlTotal })),
  ];
  for (const [region, share] of Object.entries(boost)) {
    const d = out.find((x) => x.region === region);
    if (d) d.weight += share;
    else out.push({ region, weight: share });
  }
  return out;
}

/** The usual cast: `routes` routes and `numbers` numbers, by the seed. */
export function cast(ctx: ScenarioContext, routes: number, numbers: number): { routes: Route[]; callers: Caller[] } {
  return { routes: pickRoutes(ctx.rng, routes), callers: callerPool(ctx.rng, numbers) };
}

/** `k` distinct items of `xs`, by the seed. */
export function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < k && copy.length > 0) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!);
  return out;
}
