import { CANONICAL_FIELDS, isPositionalMap, normKey, type FieldMap } from './aliases.js';
import { splitCsv } from './csv-split.js';
import { FORMAT_MODULES } from './formats/index.js';
import type { Container, FormatModule, Sample } from './formats/format.js';
import { delimiterOf } from './records/csv.js';

export type { Container } from './formats/format.js';

const FORM_LINE = /^[A-Za-z][\w.]*=[^&\s]*(?:&[A-Za-z][\w.]*=[^&\s]*)+$/;
const KV_LINE = /^&?[A-Z][A-Za-z0-9]*\s*=/;

/** How the records of a text are laid out, from its first lines. */
export function sniffContainer(head: readonly string[]): Container | undefined {
  const lines = head.filter((l) => l.trim() !== '');
  let first = lines[0]?.trim();
  if (first === undefined) return undefined;
  // A stray line before a JSON document (a logged request line): the JSON decides.
  const json = lines.slice(0, 5).find((l) => /^\s*[[{]/.test(l));
  if (json && !/^[[{]/.test(first) && !/\w[,;\t=|]\s*["\w]/.test(first)) first = json.trim();
  if (first.startsWith('[')) return 'jsondoc';
  if (first.startsWith('{')) return first.endsWith('}') ? 'ndjson' : 'jsondoc';
  if (lines.some((l) => l.includes('ACC: '))) return 'syslog';
  if (FORM_LINE.test(first)) return 'form';
  // A callback logged one `Key=value` a line: most of the first lines are such pairs.
  const kv = lines.slice(0, 20).filter((l) => KV_LINE.test(l.trim()) && !l.includes(',')).length;
  if (kv >= 3 && kv >= Math.min(lines.length, 20) * 0.8) return 'keyvalue';
  return 'csv';
}

function keysOf(container: Container, lines: readonly string[], text: string): Set<string> {
  const keys = new Set<string>();
  if (container === 'ndjson' || container === 'jsondoc') {
    for (const m of text.matchAll(/"([A-Za-z_][\w.-]*)"\s*:/g)) keys.add(m[1]!);
  } else if (container === 'form') {
    for (const l of lines.slice(0, 20)) for (const k of new URLSearchParams(l.trim()).keys()) keys.add(k);
  } else if (container === 'keyvalue') {
    for (const l of lines) {
      const m = /^\s*&?([A-Za-z][\w.-]*)\s*=/.exec(l);
      if (m) keys.add(m[1]!);
    }
  } else if (container === 'syslog') {
    for (const m of text.matchAll(/[;:\s]([a-z_]+)=/g)) keys.add(m[1]!);
  }
  return keys;
}

/** Detection sees `--map`ped columns under the canonical names they stand for. */
function mapped(names: readonly string[], map: FieldMap | undefined): string[] {
  if (!map) return [...names];
  const canonical = new Map(Object.entries(CANONICAL_FIELDS).map(([name, field]) => [field, name]));
  const byColumn = new Map([...map].map(([field, column]) => [normKey(column), canonical.get(field)!]));
  return names.map((n) => byColumn.get(normKey(n)) ?? n);
}

/** What detection and the CSV reader see of an input's first part (its last line may be cut short). */
export function sampleOf(text: string, map?: FieldMap): Sample | undefined {
  const lines = text.split(/\r?\n/);
  if (lines.length > 2 && !text.endsWith('\n')) lines.pop();
  const container = sniffContainer(lines);
  if (!container) return undefined;
  const keys = keysOf(container, lines, text);
  const sample: Sample = { container, text, keys: map ? new Set([...keys, ...mapped([...keys], map)]) : keys };
  if (container === 'csv') {
    const nonEmpty = lines.filter((l) => l.trim() !== '');
    const delim = delimiterOf(nonEmpty[0]!);
    const rows = nonEmpty
      .slice(0, 20)
      .map((l) => splitCsv(l, delim))
      .filter((r): r is string[] => r !== null);
    sample.rows = rows;
    if (rows[0] && isPositionalMap(map)) {
      // Headerless, columns named by number: what detection sees is the map's field names.
      const canonical = new Map(Object.entries(CANONICAL_FIELDS).map(([name, field]) => [field, name]));
      sample.header = [...map!.keys()].map((f) => canonical.get(f)!);
      sample.norm = new Set(sample.header.map(normKey));
    } else if (rows[0]) {
      sample.header = mapped(rows[0], map);
      sample.norm = new Set(sample.header.map(normKey));
    }
  }
  return sample;
}

/** The format of a sample, or undefined when nothing fits. */
export function detectFormat(sample: Sample): FormatModule | undefined {
  return FORMAT_MODULES.find((m) => m.detect(sample));
}
