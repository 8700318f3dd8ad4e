import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A ~1.7 MB upload built from a real Asterisk Master.csv (test/fixtures/real/asterisk/
 * stadion-pstn-Master.csv, SOURCES.md: 84 rows, one record a line, every row a stored call) with
 * one stray quote planted near the start: the shape of the upload that froze the server for 85 s
 * (issue 12). The file is repeated, each copy moved on by whole days (its times and its uniqueids,
 * which are the start's epoch) so every row stays a distinct call, as a PBX's next days would be.
 * What the server must store is computed here from the text, never by the ingest parser.
 */
const SOURCE = join(import.meta.dirname, '..', 'fixtures', 'real', 'asterisk', 'stadion-pstn-Master.csv');
const DAY_MS = 86_400_000;
export const TARGET_BYTES = 1.7 * 1024 * 1024;
/** The 1-based line that gets the stray quote: near the start, so it could swallow the rest. */
export const DAMAGED_LINE = 5;
export const STRAY_QUOTE_ERROR = 'a " opens a field that does not close on this line (stray quote)';

const TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g;
/** Master.csv's uniqueid (and linkedid): the start's epoch, a dot, a counter; after a restart a host prefix. */
const UNIQUEID = /"((?:[a-z]+-)?)(\d{10})\.(\d+)"/g;
/** The last field of a newcdrcolumns row (sequence) is written unquoted: the quote goes before it. */
const LAST_FIELD = /,(\d+)$/;

const utc = (t: string): number => Date.parse(`${t.replace(' ', 'T')}Z`);
const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export interface StrayQuoteUpload {
  /** The whole body, bytes as in the file (latin1 keeps its non-UTF-8 clid bytes as they are). */
  body: Buffer;
  /** Every record line, 1-based line i at index i - 1. */
  lines: string[];
  /** `uniqueid|start_ms` of every line but the damaged one, sorted: the calls that must be stored. */
  expectedKeys: string[];
}

/** `uniqueid|start_ms` of one Master.csv line, read with two regular expressions. */
function keyOf(line: string): string {
  const id = new RegExp(UNIQUEID.source).exec(line);
  const start = new RegExp(TIME.source).exec(line);
  if (!id || !start) throw new Error(`no uniqueid or start in ${line}`);
  return `${id[1]}${id[2]}.${id[3]}|${utc(start[0])}`;
}

export function strayQuoteUpload(): StrayQuoteUpload {
  const text = readFileSync(SOURCE).toString('latin1');
  const rows = text.split('\n').filter((l) => l !== '');
  const copies = Math.ceil(TARGET_BYTES / Buffer.byteLength(text, 'latin1'));
  const lines: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const row of rows) {
      lines.push(
        row
          .replace(TIME, (t) => stamp(utc(t) + k * DAY_MS))
          .replace(
            UNIQUEID,
            (_m, host: string, epoch: string, n: string) => `"${host}${Number(epoch) + k * 86_400}.${n}"`,
          ),
      );
    }
  }
  const clean = lines[DAMAGED_LINE - 1]!;
  if (!LAST_FIELD.test(clean)) throw new Error(`line ${DAMAGED_LINE} does not end with an unquoted field`);
  const expectedKeys = lines
    .filter((_l, i) => i !== DAMAGED_LINE - 1)
    .map(keyOf)
    .sort();
  lines[DAMAGED_LINE - 1] = clean.replace(LAST_FIELD, ',"$1');
  return { body: Buffer.from(lines.join('\n') + '\n', 'latin1'), lines, expectedKeys };
}

/** How many whole lines the first `bytes` bytes of the body hold. */
export function wholeLinesIn(body: Buffer, bytes: number): number {
  let n = 0;
  for (let i = body.indexOf(10); i >= 0 && i < bytes; i = body.indexOf(10, i + 1)) n++;
  return n;
}
