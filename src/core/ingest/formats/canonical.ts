import { planColumns, planHas, rawFromObject } from '../aliases.js';
import type { FormatName } from '../types.js';
import type { FormatModule, Sample } from './format.js';

/** Start time, caller, callee and a SIP code (or a status that tells one) under names we know. */
export function hasCanonicalFields(names: Iterable<string>): boolean {
  const plan = planColumns([...names]);
  return planHas(plan, 'start') && planHas(plan, 'caller') && planHas(plan, 'callee') && (planHas(plan, 'sipCode') || planHas(plan, 'status'));
}

function canonical(name: FormatName, container: Sample['container']): FormatModule {
  return {
    name,
    events: false,
    detect: (s) => s.container === container && hasCanonicalFields(s.header ?? s.keys),
    object: (obj) => ({ kind: 'call', raw: rawFromObject(obj) }),
  };
}

/** The canonical records of SPEC, by header or field name with aliases (aliases.ts). */
export const csv = canonical('csv', 'csv');
export const ndjson = canonical('ndjson', 'ndjson');
export const json = canonical('json', 'jsondoc');
