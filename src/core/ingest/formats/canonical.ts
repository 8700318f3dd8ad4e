import { normKey, planColumns, planHas, rawFromObject } from '../aliases.js';
import type { FormatName } from '../types.js';
import type { FormatModule, Sample } from './format.js';

/**
 * Start time, caller, callee and a SIP code (or a status or answer time that tells one) under
 * names we know. JSON records may lack the start: each is then a reject saying so, rather than
 * the whole file refused.
 */
export function hasCanonicalFields(names: Iterable<string>, needStart = true): boolean {
  const plan = planColumns([...names]);
  return (
    (!needStart || planHas(plan, 'start')) &&
    planHas(plan, 'caller') &&
    planHas(plan, 'callee') &&
    (planHas(plan, 'sipCode') || planHas(plan, 'status') || planHas(plan, 'answered'))
  );
}

/**
 * Nested vendor JSON read by the same aliases: `{"from":{"number":..}}` gives `from_number`, and
 * a wrapper's fields (`{"event":..,"payload":{..}}`) count as the record's own where it has none.
 */
export function flatten(obj: Readonly<Record<string, unknown>>, depth = 2): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested: Array<[string, Record<string, unknown>]> = [];
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (depth > 0) nested.push([k, flatten(v as Record<string, unknown>, depth - 1)]);
    } else out[k] = v;
  }
  for (const [k, child] of nested) {
    for (const [ck, cv] of Object.entries(child)) {
      out[`${k}_${ck}`] ??= cv;
      if (!(ck in out)) out[ck] = cv;
    }
  }
  return out;
}

/**
 * Columns that tell one call's attempts apart in exports that have them: a CDR database's
 * `dstchannel` and `sequence` (failover rows share the uniqueid), a dialer's leg or attempt number.
 */
const ATTEMPT_COLUMNS = ['dstchannel', 'sequence', 'attempt', 'attempt_no', 'leg', 'leg_id', 'branch'].map(normKey);

function attemptOf(get: (name: string) => unknown): string | undefined {
  const parts = ATTEMPT_COLUMNS.map((c) => get(c));
  if (parts.every((p) => p === undefined)) return undefined;
  return parts.map((p) => (p === undefined || p === null ? '' : String(p).trim())).join('|');
}

function canonical(name: FormatName, containers: ReadonlyArray<Sample['container']>): FormatModule {
  return {
    name,
    detect: (s) => containers.includes(s.container) && hasCanonicalFields(s.header ?? s.keys, s.container === 'csv'),
    object(record) {
      const obj = flatten(record);
      const raw = rawFromObject(obj);
      const byNorm = new Map(Object.entries(obj).map(([k, v]) => [normKey(k), v]));
      raw.attempt = attemptOf((c) => byNorm.get(c));
      return { kind: 'call', raw };
    },
    row(raw, cells) {
      raw.attempt = attemptOf(cells);
      return { kind: 'call', raw };
    },
  };
}

/** The canonical records, by header or field name with aliases (aliases.ts). */
export const csv = canonical('csv', ['csv']);
/** One record a line: JSON objects, or callback parameters of a provider with no module of its own. */
export const ndjson = canonical('ndjson', ['ndjson', 'form', 'keyvalue']);
export const json = canonical('json', ['jsondoc']);
