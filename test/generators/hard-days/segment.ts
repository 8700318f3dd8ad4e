import type { Segment } from './types.js';

/** The fields of a call a segment looks at (a CallRecord has them all). */
export interface CallKey {
  caller: string;
  route: string;
  calleeRegion: string;
  startMs: number;
}

export function inSegment(s: Segment, c: CallKey): boolean {
  return (
    (s.callers === undefined || s.callers.includes(c.caller)) &&
    (s.routes === undefined || s.routes.includes(c.route)) &&
    (s.regions === undefined || s.regions.includes(c.calleeRegion)) &&
    (s.fromMs === undefined || c.startMs >= s.fromMs) &&
    (s.toMs === undefined || c.startMs < s.toMs)
  );
}
