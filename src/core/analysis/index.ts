export { analyze, analyzeWindow, type AnalyzeOptions } from './analyze.js';
export { defaultThresholds, thresholdsSchema, type Thresholds } from './thresholds.js';
export type { Analysis, Finding, FindingKind, HourStat, PatternsReport, RouteStat, Verdict } from './types.js';
