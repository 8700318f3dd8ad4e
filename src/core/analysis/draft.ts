import type { CellRow, HourRow } from '../../store/analysis.js';
import type { FindingKind, Verdict } from './types.js';
import type { Thresholds } from './thresholds.js';

/** A finding as a rule decides it, before the analysis adds baseline, reasons and next steps. */
export interface Draft {
  kind: FindingKind;
  subject: string;
  verdict: Verdict;
  calls: number;
  blocked: number;
  routes: string[];
  regions?: string[];
  label?: string;
  /** The rule in numbers; `{verdict}` is appended by the analysis. */
  summary: string;
  evidence: Record<string, unknown>;
  /** Hour index (since the window start) of the first refusals, where the rule knows it. */
  beganHour?: number;
}

/** The traffic a rule looks at: what earlier rules have not already explained. */
export interface Scope {
  cells: CellRow[];
  /** Hour rows of these callers and routes (one narrow scan of the window), for the few subjects that need them. */
  hours(callers: readonly string[], routes: readonly string[]): HourRow[];
  th: Thresholds;
  /** The account's refusal rate over the baseline days. */
  baselineRate: number;
  /** Local clock time an hour index starts at (`15:00`). */
  hourLabel(h: number): string;
}
