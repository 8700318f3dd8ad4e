import { npaInfo } from '../../../src/core/phone.js';
import type { Rng } from '../../../src/core/demo/rng.js';

/**
 * The cast of a hard day: route names unlike the demo's (so nothing tuned on the demo's names
 * helps), caller numbers in the 555-01xx range the NANP reserves for fiction, and destinations.
 */
export const ROUTE_NAMES = ['northwind', 'bluepeak', 'tidewater', 'ironline', 'corvid', 'larkspur'] as const;

/** Least-cost routing shares: the first route carries the most. */
const ROUTE_SHARES = [0.31, 0.26, 0.2, 0.14, 0.09];

export interface Route {
  name: string;
  weight: number;
}

/** `n` routes (2-5) in a seed-dependent order, so a scenario's subject is not always the same name. */
export function pickRoutes(rng: Rng, n: number): Route[] {
  const names = shuffle(rng, [...ROUTE_NAMES]).slice(0, n);
  return names.map((name, i) => ({ name, weight: ROUTE_SHARES[i] ?? 0.05 }));
}

/** Area codes dialers hold local-presence numbers in. */
export const CALLER_NPAS = ['212', '312', '415', '617', '713', '305', '206', '404', '602', '303'] as const;

export interface Caller {
  number: string;
  npa: string;
  weight: number;
  /** Share of this number's calls that go to one area code (local presence: it calls "its" area most). */
  localShare?: number;
  /** Hours of the zone's day in which this number places `burst` times its usual volume. */
  burstHours?: readonly number[];
  burst?: number;
  /** This number's own share per route (a trunk dedicated to it); default the routes' shares. */
  routeShares?: readonly number[];
  /** Exactly this many calls on the scenario's day and none before (a number that barely calls); weight is then ignored. */
  exactCalls?: number;
}

/** The `i`th fictional number of an area code: +1 NPA 555 01xx; 100 per area code. */
export function callerNumber(npa: string, i: number): string {
  return `+1${npa}55501${String(i).padStart(2, '0')}`;
}

/** `n` ordinary numbers spread over the caller area codes, with uneven weights (0.5-1.5). */
export function callerPool(rng: Rng, n: number): Caller[] {
  const out: Caller[] = [];
  for (let i = 0; i < n; i++) {
    const npa = CALLER_NPAS[i % CALLER_NPAS.length]!;
    out.push({ number: callerNumber(npa, Math.floor(i / CALLER_NPAS.length)), npa, weight: 0.5 + rng() });
  }
  return out;
}

export interface Destination {
  region: string;
  weight: number;
}

/** US and Canadian area codes a US dialer calls, with shares. */
export const NANP_DESTINATIONS: readonly Destination[] = [
  ['212', 6],
  ['718', 5],
  ['213', 6],
  ['310', 5],
  ['415', 4],
  ['312', 5],
  ['773', 3],
  ['713', 5],
  ['214', 4],
  ['512', 3],
  ['305', 4],
  ['407', 3],
  ['404', 4],
  ['617', 3],
  ['206', 3],
  ['602', 3],
  ['303', 3],
  ['215', 3],
  ['614', 2],
  ['313', 2],
  ['612', 2],
  ['702', 2],
  ['615', 2],
  ['504', 1],
  ['801', 1],
  ['416', 2],
  ['604', 1],
].map(([region, weight]) => ({ region: String(region), weight: Number(weight) }));

/** International destinations: ISO country, E.164 prefix and how many digits follow it. */
export const INTL: Readonly<Record<string, { prefix: string; digits: number }>> = {
  GB: { prefix: '+447700900', digits: 3 },
  MX: { prefix: '+5255', digits: 8 },
  DE: { prefix: '+4930', digits: 8 },
  IN: { prefix: '+9198', digits: 8 },
  PH: { prefix: '+63917', digits: 7 },
  AU: { prefix: '+61491570', digits: 3 },
};

export const INTL_DESTINATIONS: readonly Destination[] = [
  { region: 'GB', weight: 4 },
  { region: 'MX', weight: 4 },
  { region: 'DE', weight: 2 },
  { region: 'IN', weight: 2 },
  { region: 'PH', weight: 2 },
  { region: 'AU', weight: 1 },
];

/** A callee in a region, with the fields the store keeps about it. */
export function callee(
  rng: Rng,
  region: string,
): { callee: string; country: string; npa: string | null; state: string | null } {
  const intl = INTL[region];
  if (intl) return { callee: intl.prefix + digits(rng, intl.digits), country: region, npa: null, state: null };
  const info = npaInfo(region);
  if (!info) throw new Error(`hard-days: ${region} is neither a known area code nor a listed country`);
  return {
    callee: `+1${region}${2 + Math.floor(rng() * 8)}${digits(rng, 6)}`,
    country: info.country,
    npa: region,
    state: info.state,
  };
}

export function callerFields(c: Caller): { callerCountry: string; callerNpa: string; callerState: string | null } {
  const info = npaInfo(c.npa);
  return { callerCountry: info?.country ?? 'US', callerNpa: c.npa, callerState: info?.state ?? null };
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 10);
  return s;
}

export function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
