import type { Span, Slice } from './cube.js';
import type { FindingKind } from './types.js';
import type { Thresholds } from './thresholds.js';
import type { Verdict } from './verdicts.js';

/** A finding as a rule decides it, before the analysis adds baseline, reasons and next steps. */
export interface Draft {
  kind: FindingKind;
  subject: string;
  verdict: Verdict;
  /** The calls the verdict was judged on: the subject's, over `span`. */
  calls: number;
  blocked: number;
  routes: string[];
  regions?: string[];
  label?: string;
  /** The rule in numbers; the verdict's tail is appended by the analysis. */
  summary: string;
  evidence: Record<string, unknown>;
  /** The buckets judged, when the refusals changed inside the window (began / recovered). */
  span?: Span;
  /** Bucket of the first refusals, where the rule knows it better than the span (velocity). */
  beganBucket?: number;
}

/** What every rule reads besides the cells. */
export interface Scope {
  th: Thresholds;
  /** The account's refusal rate over the baseline days (0 with no history). */
  baselineRate: number;
  /** The baseline days hold enough calls to be a history. */
  hasHistory: boolean;
  /** Local clock time a bucket starts at (`15:00`). */
  bucketLabel(b: number): string;
  buckets: number;
  /** Days in the window (rounded up): buckets per day = buckets / days. */
  days: number;
  /** The window's cells over a span (all buckets by default), cached. */
  slice(span?: Span): Slice;
}

/** ` since 14:00`, ` 14:00-18:00`: the span in words, empty for the whole window. */
export function spanText(s: Scope, span: Span | undefined): string {
  if (!span) return '';
  if (span.end >= s.buckets) return ` since ${s.bucketLabel(span.start)}`;
  if (span.start === 0) return ` until ${s.bucketLabel(span.end)}`;
  return ` ${s.bucketLabel(span.start)}-${s.bucketLabel(span.end)}`;
}
