/** Views of the window's cube (src/store/analysis.ts windowCube): cells over a span, series per subject. */
import type { CellRow, CubeData } from '../../store/analysis.js';
import { tallyBy, total, type Tally } from './tally.js';

const HOUR = 3_600_000;
const STEPS = [1, 2, 3, 4, 6, 8, 12, 24].map((h) => h * HOUR);

/** The bucket length: hours, as fine as `maxBuckets` allows (2 h for a week, 1 h for two days). */
export function bucketMsFor(from: number, to: number, maxBuckets: number): number {
  return (
    STEPS.find((ms) => Math.ceil((to - from) / ms) <= maxBuckets) ?? Math.ceil((to - from) / maxBuckets / HOUR) * HOUR
  );
}

/** Buckets [s, e) of a cube. */
export interface Span {
  start: number;
  end: number;
}

/** The cells over buckets [s, e): one row per cell with calls there. */
export function cellsIn(cube: CubeData, span: Span): CellRow[] {
  const out: CellRow[] = [];
  const stride = cube.buckets * 2;
  const n = cube.cellCaller.length;
  for (let c = 0; c < n; c++) {
    let calls = 0;
    let blocked = 0;
    const base = c * stride;
    for (let b = span.start; b < span.end; b++) {
      calls += cube.data[base + b * 2]!;
      blocked += cube.data[base + b * 2 + 1]!;
    }
    if (calls > 0) {
      out.push({
        caller: cube.callers[cube.cellCaller[c]!]!,
        route: cube.routes[cube.cellRoute[c]!]!,
        region: cube.regions[cube.cellRegion[c]!]!,
        calls,
        blocked,
      });
    }
  }
  return out;
}

export interface Series {
  calls: Float64Array;
  blocked: Float64Array;
}

export type SeriesKey = (cell: { caller: string; route: string; region: string }) => string | null;

/**
 * Per subject, its calls and refusals in each bucket: `key` names the subject a cell belongs to
 * (null: none). `keep` leaves cells out (a route already explained, for the regions' series).
 */
export function seriesBy(cube: CubeData, key: SeriesKey): Map<string, Series> {
  const out = new Map<string, Series>();
  const stride = cube.buckets * 2;
  for (let c = 0; c < cube.cellCaller.length; c++) {
    const k = key({
      caller: cube.callers[cube.cellCaller[c]!]!,
      route: cube.routes[cube.cellRoute[c]!]!,
      region: cube.regions[cube.cellRegion[c]!]!,
    });
    if (k === null) continue;
    let s = out.get(k);
    if (!s) {
      s = { calls: new Float64Array(cube.buckets), blocked: new Float64Array(cube.buckets) };
      out.set(k, s);
    }
    const base = c * stride;
    for (let b = 0; b < cube.buckets; b++) {
      s.calls[b]! += cube.data[base + b * 2]!;
      s.blocked[b]! += cube.data[base + b * 2 + 1]!;
    }
  }
  return out;
}

/** A set of cells with its groupings computed once, on first use. */
export class Slice {
  private groups = new Map<string, Map<string, CellRow[]>>();
  private tallies = new Map<string, Map<string, Tally>>();
  private sum: Tally | undefined;

  constructor(readonly cells: readonly CellRow[]) {}

  total(): Tally {
    this.sum ??= total(this.cells);
    return this.sum;
  }

  /** Cells grouped by caller, route, region or caller+route. */
  group(by: Dim): Map<string, CellRow[]> {
    let g = this.groups.get(by);
    if (!g) {
      g = new Map();
      for (const c of this.cells) {
        const k = keyOf(c, by);
        const l = g.get(k);
        if (l) l.push(c);
        else g.set(k, [c]);
      }
      this.groups.set(by, g);
    }
    return g;
  }

  of(by: Dim, key: string): readonly CellRow[] {
    return this.group(by).get(key) ?? [];
  }

  tally(by: Dim): Map<string, Tally> {
    let t = this.tallies.get(by);
    if (!t) {
      t = tallyBy(this.cells, (c) => keyOf(c, by));
      this.tallies.set(by, t);
    }
    return t;
  }

  without(drop: (c: CellRow) => boolean): Slice {
    return new Slice(this.cells.filter((c) => !drop(c)));
  }
}

export type Dim = 'caller' | 'route' | 'region' | 'caller_route' | 'route_region';

export function keyOf(c: { caller: string; route: string; region: string }, by: Dim): string {
  switch (by) {
    case 'caller':
      return c.caller;
    case 'route':
      return c.route;
    case 'region':
      return c.region;
    case 'caller_route':
      return `${c.caller}\u0000${c.route}`;
    case 'route_region':
      return `${c.route}\u0000${c.region}`;
  }
}
