/**
 * The data's answers made to agree with analyze(): when the analysis has a finding on the
 * walkthrough's subject, the pattern and route steps answer as that finding's verdict implies,
 * so a user who takes the data's answers lands on the verdict the digest gave.
 */
import type { Finding, Verdict } from '../analysis/index.js';
import type { Facts, ProbeResult } from './machine.js';
import type { ProbeId } from './schema.js';

type Probes = Facts['probes'];
type Implied = Partial<Record<ProbeId, 'yes' | 'no' | null>>;

/** What each verdict implies for the steps of stages 2 and 3; a probe left out keeps the data's answer. */
const IMPLIES: Record<Verdict, Implied> = {
  reputation: { by_number: 'yes', by_region: 'no', by_volume: 'no', multi_route: 'yes', one_route: 'no' },
  carrier_policy: { by_number: 'yes', by_region: 'no', by_volume: 'no', multi_route: 'no', one_route: 'yes' },
  // Busy-hour refusals may well show on several routes: the routes steps keep the data's answer
  // and the velocity lean outranks theirs (lean_priority in data/checklist.json).
  velocity: { by_number: 'yes', by_region: 'no', by_volume: 'yes' },
  destination_policy: { by_region: 'yes' },
  configuration: { by_number: 'no', by_region: 'no', by_volume: 'no', multi_route: 'no', one_route: 'no' },
  insufficient_data: { by_number: null, by_region: null, by_volume: null, multi_route: null, one_route: null },
};

/**
 * A reputation or carrier-policy finding is about the routes: the route steps quote it, not the
 * ad-hoc split, which needs 50 calls on a route and so can miss a day's pattern ("no route refuses").
 */
const ROUTE_VERDICTS: ReadonlySet<Verdict> = new Set(['reputation', 'carrier_policy']);
const ROUTE_STEPS: ReadonlySet<ProbeId> = new Set(['multi_route', 'one_route']);

/** The set-up steps: a No there ends the walkthrough on configuration. */
const SETUP: readonly ProbeId[] = ['trunk_ok', 'account_limits', 'destinations', 'caller_format'];

/** The finding as one sentence, with the window it covers. */
export function findingSentence(f: Finding, since: string): string {
  return `Since ${since}, the analysis finds ${f.summary}`;
}

/**
 * The probes with the finding's verdict imposed: where the data already agrees its own sentence
 * stays (it covers the same window); where it disagrees, or has no answer, the finding's sentence
 * replaces it, since the analysis compares against a baseline the ad-hoc probe does not see.
 */
export function agreeWithFinding(probes: Probes, f: Finding, since: string): Probes {
  const out: Probes = { ...probes };
  for (const [id, answer] of Object.entries(IMPLIES[f.verdict]) as Array<[ProbeId, 'yes' | 'no' | null]>) {
    const data = probes[id];
    const agreed: ProbeResult | null = data && data.answer === answer && !(ROUTE_VERDICTS.has(f.verdict) && ROUTE_STEPS.has(id)) ? data : null;
    out[id] = agreed ?? { answer, text: findingSentence(f, since) };
  }
  // A set-up No beside a finding of another cause (e.g. every call into a barred region is
  // international) is left to the user: the data cannot tell the two apart, the analysis chose.
  if (f.verdict !== 'configuration' && f.verdict !== 'insufficient_data') {
    for (const id of SETUP) {
      const data = probes[id];
      if (data?.answer === 'no') out[id] = { answer: null, text: `${data.text} ${findingSentence(f, since)}` };
    }
  }
  return out;
}
