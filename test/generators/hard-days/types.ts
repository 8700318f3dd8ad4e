import type { CallRecord } from '../../../src/core/call.js';

/**
 * The documented verdicts (the digest and patterns JSON), written down here from the contract rather than imported
 * from the analysis: the generator is meant to disagree with the analysis when the analysis is wrong.
 */
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
export type Kind = 'number' | 'route' | 'region' | 'account';

/**
 * Which calls a plant touches: every listed dimension must match (an absent one matches all), and
 * the call must start inside [fromMs, toMs) (epoch ms; absent: the whole generated span).
 */
export interface Segment {
  callers?: readonly string[];
  routes?: readonly string[];
  regions?: readonly string[];
  fromMs?: number;
  toMs?: number;
}

/** One planted truth: what the analysis must report, and where the refusals behind it are. */
export interface Planted {
  kind: Kind;
  /** E.164 number, route name, area code / ISO country, or `*` for the account. */
  subject: string;
  verdict: Verdict;
  /** Destinations the finding is narrowed to (a route refusing only GB). */
  regions?: string[];
  /** Routes a number is refused on (reputation: two or more; carrier_policy: one). */
  routes?: string[];
  /** ISO instant the refusals started, when that is inside the generated calls. */
  began?: string;
  /** ISO instant they stopped, when they stopped inside the generated calls. */
  recovered?: string;
  /** Words the finding's text must carry: "no history yet" for an unexplained account on a first day. */
  says?: string;
  /** The calls the plant refuses. */
  segment: Segment;
  /** Share of the segment's calls the plant refuses; background noise comes on top of the rest. */
  rate: number;
}

export interface GeneratedScenario {
  name: string;
  description: string;
  /** The window the analysis should judge: the day, or the last 7 days for the week scenarios. */
  period: { from: string; to: string; timeZone: string };
  /** Exactly what `insertCalls` (src/store/calls.ts) takes, sorted by start time. */
  calls: CallRecord[];
  planted: Planted[];
  /** Subjects (numbers, routes, regions, `*`) that must not be flagged. */
  quiet: string[];
  /** The background refusal rate spread over everything (what "noise level" means here). */
  noise: number;
}

export interface ScenarioOptions {
  seed: number;
  /** The (last) day, local to `timeZone`: `2026-11-20`. */
  day: string;
  /** IANA zone of the day; default the scenario's own (UTC for most, America/Los_Angeles for one). */
  timeZone?: string;
  /** Scale the scenario's volume (1 = its own calls per day); tests of the analysis may go smaller or bigger. */
  volume?: number;
  /**
   * Clean days of the same traffic before the day (the period stays the scenario's own). Default 0:
   * most scenarios are a first day. Ignored by the first-day scenarios; the week ones have 6 anyway.
   */
  historyDays?: number;
}
