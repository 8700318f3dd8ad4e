/** The digest and patterns JSON shape (docs/analysis.md); the verdicts are in verdicts.ts. */
import type { Verdict } from './verdicts.js';

export type { Verdict };
export type FindingKind = 'number' | 'route' | 'region' | 'account';

export interface ReasonSeen {
  code: number;
  reason: string | null;
  count: number;
  /** What the reason phrase means, where the phrase table knows it. */
  decoded?: string;
}

export interface Finding {
  kind: FindingKind;
  subject: string;
  verdict: Verdict;
  calls: number;
  blocked: number;
  rate: number;
  baseline_rate: number;
  routes: string[];
  summary: string;
  next_steps: string[];
  /** The state (NANP area code) or country name of a region. */
  label?: string;
  /** Destination regions the refusals went to, most first. */
  regions?: string[];
  /** ISO time the refusals began: the start of the span they changed in, or the first elevated day before the window. */
  began?: string;
  /** ISO time the refusals stopped, when they did inside the window. */
  recovered?: string;
  /** SIP codes and reason phrases of the refusals (from a sample of up to 300). */
  reasons?: ReasonSeen[];
  /** The numbers the rule compared. */
  evidence?: Record<string, unknown>;
}

export interface PatternsReport {
  period: { from: string; to: string; timezone: string };
  totals: { calls: number; blocked: number; rate: number; baseline_rate: number };
  findings: Finding[];
}

/** A route's line in the digest table. */
export interface RouteStat {
  route: string;
  calls: number;
  blocked: number;
  rate: number;
  baseline_rate: number;
}

/** One hour of the window, for the chart. `label` is the local clock time it starts at. */
export interface HourStat {
  start: number;
  label: string;
  calls: number;
  blocked: number;
}

/** The report plus what the digest shows besides it. */
export interface Analysis {
  report: PatternsReport;
  routes: RouteStat[];
  hours: HourStat[];
  /** Calls the rollups had to fold in first (0 when up to date). */
  rollupFolded: number;
  /** The account's baseline days held enough calls to be a history. */
  hasHistory: boolean;
  /** Every caller number, route and region with calls in the window (for "did you mean"). */
  known: { numbers: string[]; routes: string[]; regions: string[] };
}
