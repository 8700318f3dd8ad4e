/**
 * Patterns the demo can plant, one per verdict. Each names the subject the analysis should
 * find and how the refusals look on the wire (the phrases carriers really send).
 */
export type PlantName =
  | 'route_config'
  | 'account_config'
  | 'reputation'
  | 'carrier_policy'
  | 'destination_policy'
  | 'velocity'
  | 'insufficient_data';

export const PLANT_NAMES: readonly PlantName[] = [
  'route_config',
  'account_config',
  'reputation',
  'carrier_policy',
  'destination_policy',
  'velocity',
  'insufficient_data',
];

/** What `sipbot demo` plants when not told: every pattern except the account-wide one, which would hide the rest. */
export const DEFAULT_PLANTS: readonly PlantName[] = PLANT_NAMES.filter((p) => p !== 'account_config');

export interface PlantedTruth {
  plant: PlantName;
  kind: 'number' | 'route' | 'region' | 'account';
  subject: string;
  verdict: 'configuration' | 'reputation' | 'carrier_policy' | 'destination_policy' | 'velocity' | 'insufficient_data';
  description: string;
}

export const SUBJECTS = {
  reputation: '+12125550123',
  carrierPolicy: '+13125550147',
  velocity: '+14155550188',
  insufficient: '+16175550199',
  configRoute: 'sipline',
  carrierRoute: 'telco-west',
  /** Jamaica: a classic toll-fraud destination that carriers bar by policy. */
  region: '876',
} as const;

/** Routes the reputation-blocked number is refused on (every route but voxroute). */
export const REPUTATION_ROUTES = ['telco-east', 'telco-west', 'sipline'];
/** UTC hours in which the velocity number bursts. */
export const VELOCITY_HOURS = [15, 16, 17];

export function truthOf(p: PlantName): PlantedTruth {
  switch (p) {
    case 'route_config':
      return {
        plant: p,
        kind: 'route',
        subject: SUBJECTS.configRoute,
        verdict: 'configuration',
        description: `${SUBJECTS.configRoute} refuses ~92% of calls from every number (403 Forbidden): an allow-list or credential change`,
      };
    case 'account_config':
      return {
        plant: p,
        kind: 'account',
        subject: '*',
        verdict: 'configuration',
        description: 'every route refuses ~97% of calls (403 Forbidden): the account itself',
      };
    case 'reputation':
      return {
        plant: p,
        kind: 'number',
        subject: SUBJECTS.reputation,
        verdict: 'reputation',
        description: `${SUBJECTS.reputation} refused ~40% on ${REPUTATION_ROUTES.join(', ')} (603 Network Blocked, 608, 403 spam phrases), fine on voxroute`,
      };
    case 'carrier_policy':
      return {
        plant: p,
        kind: 'number',
        subject: SUBJECTS.carrierPolicy,
        verdict: 'carrier_policy',
        description: `${SUBJECTS.carrierPolicy} refused ~70% on ${SUBJECTS.carrierRoute} only`,
      };
    case 'destination_policy':
      return {
        plant: p,
        kind: 'region',
        subject: SUBJECTS.region,
        verdict: 'destination_policy',
        description: `calls into area code ${SUBJECTS.region} (Jamaica) refused ~85% from every number and route`,
      };
    case 'velocity':
      return {
        plant: p,
        kind: 'number',
        subject: SUBJECTS.velocity,
        verdict: 'velocity',
        description: `${SUBJECTS.velocity} bursts 4x its volume ${VELOCITY_HOURS[0]}:00-${(VELOCITY_HOURS.at(-1) ?? 0) + 1}:00 UTC and is refused ~50% in those hours only`,
      };
    case 'insufficient_data':
      return {
        plant: p,
        kind: 'number',
        subject: SUBJECTS.insufficient,
        verdict: 'insufficient_data',
        description: `${SUBJECTS.insufficient} places ~9 calls, most refused: too few to tell`,
      };
  }
}

/** Refusal responses by flavour, as carriers send them. */
export const REFUSALS = {
  reputation: [
    { code: 603, reason: 'Network Blocked', q850: 21, weight: 50 },
    { code: 608, reason: 'Rejected', q850: 21, weight: 25 },
    { code: 403, reason: 'Spam suspected', q850: 21, weight: 15 },
    { code: 403, reason: 'Forbidden - Suspected Robocall', q850: 21, weight: 10 },
  ],
  carrier: [{ code: 403, reason: 'Calling number not allowed', q850: 21, weight: 1 }],
  config: [{ code: 403, reason: 'Forbidden', q850: 21, weight: 1 }],
  account: [
    { code: 403, reason: 'Forbidden', q850: 21, weight: 3 },
    { code: 403, reason: 'Account suspended', q850: 21, weight: 1 },
  ],
  destination: [{ code: 403, reason: 'Destination not allowed', q850: 21, weight: 1 }],
  velocity: [
    { code: 603, reason: 'Network Blocked', q850: 21, weight: 2 },
    { code: 607, reason: 'Unwanted', q850: 21, weight: 1 },
  ],
  insufficient: [{ code: 403, reason: 'Forbidden', q850: 21, weight: 1 }],
} as const;
