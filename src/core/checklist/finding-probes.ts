/**
 * The data's answers made to agree with analyze(): when the analysis has a finding on the
 * walkthrough's subject, the pattern and route steps answer as that finding's verdict implies,
 * so a user who takes the data's answers lands on the verdict the digest gave.
 */
import type { Finding, Verdict } from '../analysis/index.js';
import { VERDICT_INFO } from '../analysis/verdicts.js';
import type { Facts, ProbeResult } from './machine.js';
import type { ProbeId } from './schema.js';

type Probes = Facts['probes'];
/**
 * A reputation or carrier-policy finding is about the routes: the route steps quote it, not the
 * ad-hoc split, which needs 50 calls on a route and so can miss a day's pattern ("no route refuses").
 */
const ROUTE_VERDICTS: ReadonlySet<Verdict> = new Set(['reputation', 'carrier_policy']);
const ROUTE_STEPS: ReadonlySet<ProbeId> = new Set(['multi_route', 'one_route']);

/** The set-up steps: a No there ends the walkthrough on configuration. */
const SETUP: readonly ProbeId[] = ['trunk_ok', 'account_limits', 'destinations', 'caller_format'];

/** The finding as one sentence, with the window it covers (`since Nov 20`, `on Nov 20`). */
export function findingSentence(f: Finding, window: string): string {
  return `${window.charAt(0).toUpperCase()}${window.slice(1)}, the analysis finds ${f.summary}`;
}

/**
 * The probes with the finding's verdict imposed: where the data already agrees its own sentence
 * stays (it covers the same window); where it disagrees, or has no answer, the finding's sentence
 * replaces it, since the analysis compares against a baseline the ad-hoc probe does not see.
 */
export function agreeWithFinding(probes: Probes, f: Finding, since: string): Probes {
  const out: Probes = { ...probes };
  for (const [id, answer] of Object.entries(VERDICT_INFO[f.verdict].lean) as Array<[ProbeId, 'yes' | 'no' | null]>) {
    const data = probes[id];
    const agreed: ProbeResult | null =
      data && data.answer === answer && !(ROUTE_VERDICTS.has(f.verdict) && ROUTE_STEPS.has(id)) ? data : null;
    out[id] = agreed ?? { answer, text: findingSentence(f, since) };
  }
  // A set-up No beside a finding of another cause (e.g. every call into a barred region is
  // international) is left to the user: the data cannot tell the two apart, the analysis chose.
  if (f.verdict !== 'configuration' && f.verdict !== 'insufficient_data' && f.verdict !== 'unexplained') {
    for (const id of SETUP) {
      const data = probes[id];
      if (data?.answer === 'no') out[id] = { answer: null, text: `${data.text} ${findingSentence(f, since)}` };
    }
  }
  return out;
}
