import { UserError } from '../../errors.js';
import { planColumns, planHas, rawFromRow, type ColumnPlan } from './aliases.js';
import { splitCsv } from './csv-split.js';
import { mapAsteriskRow } from './formats/asterisk.js';
import type { Mapped } from './types.js';

/** Receives every record a reader finds: its first line, its text (for rejects) and what it maps to. */
export type Sink = (line: number, text: string, mapped: Mapped) => void;
export type ObjectMapper = (obj: Readonly<Record<string, unknown>>) => Mapped;

/** Consumes a file line by line (without line ends) and emits records. */
export interface Reader {
  line(text: string, lineNo: number): void;
  /** The start of a line too long to hold whole (a JSON array on one line); line() gets the rest. */
  partial?(text: string, lineNo: number): void;
  end(): void;
}

/** A record may span lines (quoted newlines); one this long is broken, not pending. */
const MAX_RECORD_CHARS = 1 << 20;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mapParsed(value: unknown, map: ObjectMapper): Mapped {
  if (!isObject(value)) return { kind: 'reject', error: 'not a JSON object' };
  try {
    return map(value);
  } catch (e) {
    return { kind: 'reject', error: `unreadable record: ${(e as Error).message}` };
  }
}

/**
 * CSV with a header row (canonical, Kamailio/OpenSIPS exports, Twilio console, ...), or without
 * one (Asterisk Master.csv, `positional`). A row with a different number of fields than the
 * header is rejected, never guessed at.
 */
export function csvReader(sink: Sink, opts: { positional?: (row: string[]) => Mapped; tweak?: (m: Mapped) => Mapped; origin: string }): Reader {
  let plan: ColumnPlan | undefined;
  let width = 0;
  let pending: string | undefined;
  let pendingLine = 0;
  const positional = opts.positional;

  function header(row: string[]): void {
    plan = planColumns(row);
    width = row.length;
    const missing = (['start', 'caller', 'callee'] as const).filter((f) => !planHas(plan!, f));
    if (!planHas(plan, 'sipCode') && !planHas(plan, 'status')) missing.push('sipCode' as never);
    if (missing.length) {
      const names: Record<string, string> = { start: 'start_time', caller: 'caller', callee: 'callee', sipCode: 'sip_code' };
      throw new UserError('ingest.bad_header', `${opts.origin}: the header has no ${missing.map((m) => names[m]).join(', ')} column (first line: ${row.join(',').slice(0, 120)})`, [
        'Columns are matched by name: call_id, start_time, caller, callee, route, sip_code, sip_reason, q850_cause, duration (and aliases such as From/To, ANI/DNIS, Carrier, SIP Response Code).',
      ]);
    }
  }

  function record(text: string, lineNo: number): void {
    const row = splitCsv(text);
    if (row === null) {
      if (text.length > MAX_RECORD_CHARS) {
        sink(lineNo, text, { kind: 'reject', error: 'unterminated quoted field' });
        pending = undefined;
        return;
      }
      pending = text;
      pendingLine = lineNo;
      return;
    }
    pending = undefined;
    if (positional) {
      sink(lineNo, text, positional(row));
      return;
    }
    if (!plan) {
      header(row);
      return;
    }
    if (row.length !== width) {
      sink(lineNo, text, { kind: 'reject', error: `expected ${width} fields, found ${row.length}` });
      return;
    }
    const mapped: Mapped = { kind: 'call', raw: rawFromRow(plan, row) };
    sink(lineNo, text, opts.tweak ? opts.tweak(mapped) : mapped);
  }

  return {
    line(text, lineNo) {
      if (pending !== undefined) record(pending + '\n' + text, pendingLine);
      else if (text !== '') record(text, lineNo);
    },
    end() {
      if (pending !== undefined) sink(pendingLine, pending, { kind: 'reject', error: 'unterminated quoted field at end of input' });
    },
  };
}

export function asteriskReader(sink: Sink, origin: string): Reader {
  return csvReader(sink, { positional: mapAsteriskRow, origin });
}

/** One JSON object per line; a broken line is rejected and the next one read. */
export function ndjsonReader(sink: Sink, map: ObjectMapper): Reader {
  return {
    line(text, lineNo) {
      const t = text.trim();
      if (t === '') return;
      let value: unknown;
      try {
        value = JSON.parse(t);
      } catch (e) {
        sink(lineNo, text, { kind: 'reject', error: `broken JSON: ${(e as Error).message}` });
        return;
      }
      sink(lineNo, text, mapParsed(value, map));
    },
    end() {},
  };
}

/**
 * JSON documents: one object per file (pretty-printed FreeSWITCH CDRs), several in a row, or a
 * top-level array of objects, read one object at a time so a large array never sits in memory.
 */
export function jsonDocReader(sink: Sink, map: ObjectMapper): Reader {
  let inArray: boolean | undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let size = 0;
  let startLine = 0;

  function emit(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      sink(startLine, text, { kind: 'reject', error: `broken JSON: ${(e as Error).message}` });
      return;
    }
    sink(startLine, text, mapParsed(value, map));
  }

  /** Scans a piece of a line; `eol` when the piece ends the line. */
  function scan(text: string, lineNo: number, eol: boolean): void {
    const base = inArray ? 1 : 0;
    let from = depth > base ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        if (inArray === undefined) {
          inArray = c === 91;
          if (inArray) {
            depth = 1;
            continue;
          }
        }
        if (depth === (inArray ? 1 : 0)) {
          from = i;
          startLine = lineNo;
          parts = [];
          size = 0;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === (inArray ? 1 : 0) && from >= 0) {
          parts.push(text.slice(from, i + 1));
          emit(parts.join(''));
          parts = [];
          from = -1;
        } else if (depth < 0) depth = 0;
      }
    }
    if (from >= 0) {
      const piece = eol ? text.slice(from) + '\n' : text.slice(from);
      parts.push(piece);
      size += piece.length;
      if (size > MAX_RECORD_CHARS) throw new UserError('ingest.record_too_large', `the JSON record at line ${startLine} is larger than 1 MB`);
    }
  }

  return {
    line(text, lineNo) {
      scan(text, lineNo, true);
    },
    partial(text, lineNo) {
      scan(text, lineNo, false);
    },
    end() {
      if (parts.length) sink(startLine, parts.join('').trimEnd(), { kind: 'reject', error: 'unterminated JSON record at end of input' });
    },
  };
}

/** Callback parameters, one `application/x-www-form-urlencoded` body per line. */
export function formReader(sink: Sink, map: ObjectMapper): Reader {
  return {
    line(text, lineNo) {
      const t = text.trim();
      if (t === '') return;
      sink(lineNo, text, mapParsed(Object.fromEntries(new URLSearchParams(t)), map));
    },
    end() {},
  };
}

/**
 * Kamailio / OpenSIPS acc syslog: `... ACC: call missed: timestamp=...;method=INVITE;...;code=403;
 * reason=Forbidden;src_user=...` (acc README §6). Other syslog lines are not records and are passed over.
 */
export function accSyslogReader(sink: Sink, map: ObjectMapper): Reader {
  return {
    line(text, lineNo) {
      const at = text.indexOf('ACC:');
      if (at < 0) return;
      const colon = text.indexOf(': ', at + 4);
      const body = colon < 0 ? '' : text.slice(colon + 2).trim();
      if (body.indexOf('=') < 0) {
        sink(lineNo, text, { kind: 'reject', error: 'ACC line without key=value pairs' });
        return;
      }
      const obj: Record<string, string> = {};
      for (const pair of body.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) obj[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      sink(lineNo, text, mapParsed(obj, map));
    },
    end() {},
  };
}
