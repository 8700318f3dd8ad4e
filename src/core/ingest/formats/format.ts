import type { Mapped, RawCall } from '../types.js';

export type Obj = Readonly<Record<string, unknown>>;

/** How records are laid out in the text, whatever their fields mean. */
export type Container = 'csv' | 'ndjson' | 'jsondoc' | 'form' | 'keyvalue' | 'syslog';

/** What detection sees of an input: its first records' layout and names. */
export interface Sample {
  container: Container;
  /** The sample's text (the first 256 KiB or so). */
  text: string;
  /** JSON / form / key=value names in the sample, as written. */
  keys: ReadonlySet<string>;
  /** CSV: the first row, split. */
  header?: readonly string[];
  /** CSV: the first row's names after normKey(). */
  norm?: ReadonlySet<string>;
  /** CSV: the first rows, split (an excerpt may begin mid-record). */
  rows?: ReadonlyArray<readonly string[]>;
}

/** A CSV row's cells by header name (compared after normKey). */
export type Cells = (name: string) => string | undefined;

/**
 * One input format: its `--format` name, how it is recognised, how one record becomes a call and how
 * that call's attempts are told apart (RawCall.attempt). The pipeline knows nothing else about
 * formats.
 */
export interface FormatModule {
  name: import('../types.js').FormatName;
  /** Whether a sample is this format; formats are tried in list order. */
  detect(s: Sample): boolean;
  /** One object record: a JSON document, callback parameters, acc key=value pairs. */
  object(obj: Obj): Mapped;
  /** Its CSV exports have their own column names: no canonical header (start_time, caller...) is needed. */
  ownColumns?: boolean;
  /** One CSV row, already read through the header's aliases; cells() gives any other column. */
  row?(raw: RawCall, cells: Cells): Mapped;
  /** Headerless CSV (Asterisk Master.csv): whether a first row is one, and how a row maps. */
  positional?: {
    /** Whether a sample's rows are headerless records of this format. */
    inSample(s: Sample): boolean;
    map(row: readonly string[]): Mapped;
    /** Whether a row is whole: a record spanning lines (a quoted line break) must be one. */
    fits(row: readonly string[]): boolean;
  };
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar value as text; undefined for anything else. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The first key of `obj` present among `names`, as text. */
export function pick(obj: Obj, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = str(obj[n]);
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}
