import { UserError } from '../../errors.js';
import {
  applyMap,
  isPositionalMap,
  normKey,
  planColumns,
  planHas,
  rawFromRow,
  type ColumnPlan,
  type FieldMap,
} from './aliases.js';
import type { Container, FormatModule } from './formats/format.js';
import { isObj } from './formats/format.js';
import type { TextSink } from './input/lines.js';
import { csvLines, delimiterOf, type RowTarget } from './records/csv.js';
import { jsonPieces } from './records/json.js';
import { accSyslogLines, formLines, keyValueLines, ndjsonLines, type ObjectTarget } from './records/line-records.js';
import { printable } from './printable.js';
import type { Mapped } from './types.js';

/** Receives every record: its first line, its text (kept with a reject) and what it maps to. */
export type RecordSink = (line: number, text: string, mapped: Mapped) => void;

export interface ReaderOptions {
  container: Container;
  module: FormatModule;
  map: FieldMap | undefined;
  origin: string;
  sink: RecordSink;
  /** Headerless rows (Asterisk Master.csv): the format's positional mapping, no header row. */
  positional?: boolean | undefined;
}

function mapObject(module: FormatModule, value: unknown, map: FieldMap | undefined): Mapped {
  if (!isObj(value)) return { kind: 'reject', error: 'not a JSON object' };
  try {
    const m = module.object(value);
    if (map && m.kind === 'call') applyMap(m.raw, value, map);
    return m;
  } catch (e) {
    return { kind: 'reject', error: `unreadable record: ${(e as Error).message}` };
  }
}

const FIELD_NAMES: Record<string, string> = {
  start: 'start_time',
  caller: 'caller',
  callee: 'callee',
  sipCode: 'sip_code',
};

/** A CSV target: the first row is the header (unless the format is positional), the rest records. */
function csvTarget(o: ReaderOptions): RowTarget {
  const { module, sink } = o;
  let plan: ColumnPlan | undefined;
  let width = 0;
  const positional = !!o.positional && !!module.positional;
  let columns = new Map<string, number>();
  let current: readonly string[] = [];
  const byPosition = isPositionalMap(o.map);
  const cells = (name: string): string | undefined => {
    const i = columns.get(name);
    return i === undefined ? undefined : current[i];
  };

  function header(row: string[]): void {
    plan = planColumns(row, o.map);
    if (byPosition) {
      // `--map caller=8,callee=9`: a headerless file; this first row is a record.
      plan = [...o.map!].map(([field, column]) => [field, Number(column) - 1] as const);
      width = row.length;
      return;
    }
    width = row.length;
    columns = new Map(row.map((h, i) => [normKey(h), i] as const));
    if (module.ownColumns) return;
    const missing = (['start', 'caller', 'callee'] as const).filter((f) => !planHas(plan!, f)) as string[];
    if (!planHas(plan, 'sipCode') && !planHas(plan, 'status') && !planHas(plan, 'answered')) missing.push('sipCode');
    if (missing.length) {
      throw new UserError(
        'ingest.bad_header',
        `${o.origin}: the header has no ${missing.map((m) => FIELD_NAMES[m]).join(', ')} column (first line: ${printable(row.join(',').slice(0, 120))})`,
        [
          'Columns are matched by name: call_id, start_time, caller, callee, route, sip_code, sip_reason, q850_cause, duration (and aliases such as From/To, ANI/DNIS, Carrier, SIP Response Code); name others with --map caller=ANI,callee=Dialed.',
        ],
      );
    }
  }

  return {
    fits: (row) => (positional ? module.positional!.fits(row) : plan === undefined || row.length === width),
    row(row, text, lineNo) {
      if (positional) {
        sink(lineNo, text, module.positional!.map(row));
        return;
      }
      if (!plan) {
        header(row);
        if (!byPosition) return;
      }
      if (row.length !== width && !byPosition) {
        sink(lineNo, text, { kind: 'reject', error: `expected ${width} fields, found ${row.length}` });
        return;
      }
      const raw = rawFromRow(plan!, row);
      current = row;
      sink(lineNo, text, module.row ? module.row(raw, cells) : { kind: 'call', raw });
    },
    reject: (lineNo, text, error) => sink(lineNo, text, { kind: 'reject', error }),
  };
}

/** The reader of a container, feeding `sink` with each record. */
export function recordReader(o: ReaderOptions): TextSink {
  const objects: ObjectTarget = {
    object: (obj, text, lineNo) => o.sink(lineNo, text, mapObject(o.module, obj, o.map)),
    reject: (lineNo, text, error) => o.sink(lineNo, text, { kind: 'reject', error }),
  };
  switch (o.container) {
    case 'csv': {
      let delim: string | undefined;
      let lines: ReturnType<typeof csvLines> | undefined;
      const target = csvTarget(o);
      // The separator is read from the first line: `,`, `;` (European exports), tab or `|`.
      return {
        kind: 'lines',
        line(text, lineNo) {
          if (!lines) {
            if (text.trim() === '') return;
            delim = o.positional ? ',' : delimiterOf(text);
            lines = csvLines(target, delim);
          }
          lines.line(text, lineNo);
        },
        overlong(head, lineNo, length) {
          if (lines) lines.overlong(head, lineNo, length);
          else objects.reject(lineNo, head, `line of ${length} characters: longer than any call record`);
        },
        end: () => lines?.end(),
      };
    }
    case 'ndjson':
      return ndjsonLines(objects);
    case 'form':
      return formLines(objects);
    case 'keyvalue':
      return keyValueLines(objects);
    case 'syslog':
      return accSyslogLines(objects);
    case 'jsondoc':
      return jsonPieces({
        value: (value, text, lineNo) => o.sink(lineNo, text, mapObject(o.module, value, o.map)),
        reject: objects.reject,
      });
  }
}
