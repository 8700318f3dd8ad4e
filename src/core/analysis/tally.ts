/** Calls and refusals of some slice of traffic. */
export interface Tally {
  calls: number;
  blocked: number;
}

export function tallyBy<R extends Tally>(rows: readonly R[], key: (r: R) => string): Map<string, Tally> {
  const m = new Map<string, Tally>();
  for (const r of rows) {
    const k = key(r);
    const t = m.get(k);
    if (t) {
      t.calls += r.calls;
      t.blocked += r.blocked;
    } else {
      m.set(k, { calls: r.calls, blocked: r.blocked });
    }
  }
  return m;
}

export function total(rows: Iterable<Tally>): Tally {
  const t = { calls: 0, blocked: 0 };
  for (const r of rows) {
    t.calls += r.calls;
    t.blocked += r.blocked;
  }
  return t;
}

export function minus(a: Tally, b: Tally): Tally {
  return { calls: a.calls - b.calls, blocked: a.blocked - b.blocked };
}

/** Entries sorted by refusals, most first, then by name for a stable order. */
export function byBlocked(m: Map<string, Tally>): Array<[string, Tally]> {
  return [...m].sort((a, b) => b[1].blocked - a[1].blocked || b[1].calls - a[1].calls || a[0].localeCompare(b[0]));
}
