/** The pieces every stage of the pipeline shares: spans per subject, slices per stage, peer passes. */
import type { CellRow } from '../../store/analysis.js';
import { refusalChange } from './change.js';
import type { Series, Slice, Span } from './cube.js';
import type { Scope } from './draft.js';

export type Excluded = (c: Pick<CellRow, 'caller' | 'route' | 'region'>) => boolean;

/** Per subject: the span since its refusals changed (undefined: no change, the whole window). */
export function spansOf(s: Scope, series: Map<string, Series>): Map<string, Span | undefined> {
  const out = new Map<string, Span | undefined>();
  for (const [k, x] of series) {
    const c = refusalChange(x, s.th);
    out.set(k, c ? { start: c.start, end: c.end } : undefined);
  }
  return out;
}

export const spanKey = (span: Span | undefined): string => (span ? `${span.start}-${span.end}` : 'all');

/** Slices of one stage (the window over a span, minus what earlier stages explained), cached by span. */
export function stageSlices(s: Scope, excluded: Excluded): (span: Span | undefined) => Slice {
  const cache = new Map<string, Slice>();
  return (span) => {
    const k = spanKey(span);
    let sl = cache.get(k);
    if (!sl) {
      sl = s.slice(span).without(excluded);
      cache.set(k, sl);
    }
    return sl;
  };
}

/** Repeats a pass, each time leaving out of the peers what the previous pass flagged, until nothing changes. */
export function untilStable<T extends { subject: string }>(
  passes: number,
  pass: (flagged: ReadonlySet<string>) => T[],
  initial: ReadonlySet<string> = new Set(),
): T[] {
  let flagged = new Set(initial);
  let out: T[] = [];
  for (let i = 0; i < passes; i++) {
    out = pass(flagged);
    const next = new Set(out.map((d) => d.subject));
    if (next.size === flagged.size && [...next].every((x) => flagged.has(x))) break;
    flagged = next;
  }
  return out;
}
