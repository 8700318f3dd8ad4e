/**
 * The verdict registry: every verdict with its label, how a summary ends, its next steps
 * and what it implies for the checklist's data answers. `Record<Verdict, ...>`: a verdict added to
 * VERDICTS and left out here is a compile error, not a silent default.
 */
import type { FindingKind } from './types.js';

export const VERDICTS = [
  'configuration',
  'reputation',
  'carrier_policy',
  'destination_policy',
  'velocity',
  'unexplained',
  'insufficient_data',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The checklist steps a finding can answer (data/checklist.json probes of stages 2 and 3). */
export type LeanProbe = 'by_number' | 'by_region' | 'by_volume' | 'multi_route' | 'one_route';

/** What a finding of this verdict says each pattern/route step's answer is; null: no single answer. */
export type ChecklistLean = Partial<Record<LeanProbe, 'yes' | 'no' | null>>;

/** The parts of a finding its next steps are written from. */
export interface StepsInput {
  kind: FindingKind;
  subject: string;
  routes: readonly string[];
  regions?: readonly string[];
  label?: string;
}

export interface VerdictInfo {
  /** How the verdict is named in a heading: `carrier policy`. */
  label: string;
  /** How a finding's summary ends: `...: route configuration.` */
  tail(kind: FindingKind): string;
  nextSteps(d: StepsInput): string[];
  /** What the verdict implies for the checklist's steps; a step left out keeps the data's own answer. */
  lean: ChecklistLean;
}

const regionsText = (d: StepsInput): string => (d.regions?.length ? d.regions.join(', ') : 'those destinations');

export const VERDICT_INFO: Record<Verdict, VerdictInfo> = {
  configuration: {
    label: 'configuration',
    tail: (kind) => (kind === 'account' ? 'account configuration' : 'route configuration'),
    nextSteps: (d) =>
      d.kind === 'account'
        ? [
            'Checklist 1 (set-up and account): every route refuses; check the account itself: status, balance, credentials, IP allow-list, outbound permissions.',
            'Read the reason phrases below: "Account suspended" or "Forbidden" right after a change points at the account, not the numbers.',
            'Call the provider with a call id and timestamp; `/sip check` walks the rest.',
          ]
        : d.regions?.length
          ? [
              `Checklist 1 (set-up and account): check ${d.subject}'s destination permissions for ${regionsText(d)}: it refuses calls there that the other routes carry.`,
              `Place one test call on ${d.subject} into ${regionsText(d)} and read the 403's reason phrase.`,
              `Send calls into ${regionsText(d)} over another route until it is fixed.`,
            ]
          : [
              `Checklist 1 (set-up and account): check ${d.subject}'s credentials, IP allow-list, caller-ID rules and outbound permissions: the same numbers pass on the other routes.`,
              `Place one test call on ${d.subject} and read the 403's reason phrase and Reason header.`,
              `Route traffic away from ${d.subject} until it is fixed.`,
            ],
    lean: { by_number: 'no', by_region: 'no', by_volume: 'no', multi_route: 'no', one_route: 'no' },
  },
  reputation: {
    label: 'reputation',
    tail: () => 'reputation',
    nextSteps: (d) => [
      `Checklist 3 (routes and carriers): ${d.subject} is refused on ${d.routes.length} routes while other numbers pass there: the networks refuse the number, not your trunks.`,
      `Check ${d.subject} with the analytics engines (Hiya, TNS, First Orion) and register it (Free Caller Registry); check its STIR/SHAKEN attestation.`,
      `Rest ${d.subject} or cut its daily volume; Checklist 5 (verdict): escalate to an expert if refusals continue (\`/sip escalate ${d.subject}\`).`,
    ],
    lean: { by_number: 'yes', by_region: 'no', by_volume: 'no', multi_route: 'yes', one_route: 'no' },
  },
  carrier_policy: {
    label: 'carrier policy',
    tail: () => 'carrier policy',
    nextSteps: (d) => [
      `Checklist 3 (routes and carriers): ${d.subject} is refused only on ${d.routes[0] ?? 'one route'}; send its calls over the other routes meanwhile.`,
      `Ask ${d.routes[0] ?? 'that carrier'} why it refuses ${d.subject} (quote a call id and the reason phrase) and request remediation.`,
      'Checklist 5 (verdict): carrier policy; escalate if the carrier does not answer.',
    ],
    lean: { by_number: 'yes', by_region: 'no', by_volume: 'no', multi_route: 'no', one_route: 'yes' },
  },
  destination_policy: {
    label: 'destination policy',
    tail: () => 'destination policy',
    nextSteps: (d) => [
      `Checklist 1 (set-up and account): check the account's destination permissions for ${d.subject}${d.label ? ` (${d.label})` : ''} (international, premium and high-cost areas are often barred by default).`,
      `Ask the carriers whether ${d.subject} is barred for your account; numbers and routes are refused there alike.`,
      'Checklist 2 (patterns): nothing to change on the caller numbers.',
    ],
    lean: { by_region: 'yes' },
  },
  velocity: {
    label: 'velocity',
    tail: () => 'velocity',
    nextSteps: (d) => [
      `Checklist 2 (patterns): ${d.subject} is refused when it calls fastest; cap its calls per hour or spread them over more numbers and hours.`,
      "Check each carrier's per-number and CPS limits; carriers treat bursts from one number as robocalling.",
      `Checklist 5 (verdict): if the refusals continue at lower volume, treat ${d.subject} as a reputation problem.`,
    ],
    // Busy-hour refusals may well show on several routes: the route steps keep the data's answer
    // and the velocity lean outranks theirs (lean_priority in data/checklist.json).
    lean: { by_number: 'yes', by_region: 'no', by_volume: 'yes' },
  },
  unexplained: {
    label: 'unexplained',
    tail: () => 'unexplained: no single number, route or region accounts for it',
    nextSteps: (d) => [
      `Checklist 1 (set-up and account): refusals are up${d.kind === 'account' ? ' across the account' : ` on ${d.subject}`} and spread evenly, so start with what every call shares: account status, credentials, caller-ID rules.`,
      'Read the reason phrases below and place one test call; `/sip check` walks the rest.',
      'Checklist 5 (verdict): escalate with the evidence if the set-up checks pass.',
    ],
    // The data has no single answer to the pattern steps: each says why, and none leans.
    lean: { by_number: null, by_region: null, by_volume: null, multi_route: null, one_route: null },
  },
  insufficient_data: {
    label: 'insufficient data',
    tail: () => 'insufficient data',
    nextSteps: (d) => [
      `Keep watching ${d.subject}: fewer calls than a verdict needs.`,
      `Checklist 4 (reach the far end): place a few test calls from ${d.subject} on two routes and read the reason phrases.`,
    ],
    lean: { by_number: null, by_region: null, by_volume: null, multi_route: null, one_route: null },
  },
};

export function verdictLabel(v: Verdict): string {
  return VERDICT_INFO[v].label;
}
