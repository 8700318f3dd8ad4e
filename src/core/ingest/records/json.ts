import type { PieceSink } from '../input/lines.js';
import { MAX_RECORD_CHARS } from '../input/lines.js';

/** Where JSON records go: the record's first line and text, parsed, or why it is not one. */
export interface JsonTarget {
  value(value: unknown, text: string, lineNo: number): void;
  reject(lineNo: number, text: string, error: string): void;
}

/** Keys whose array holds the records in a wrapped export (`{"cdrs":[...]}`, Voice Insights, REST list pages). */
const WRAPPERS = new Set([
  'cdrs',
  'calls',
  'call_summaries',
  'records',
  'results',
  'items',
  'data',
  'call_logs',
  'objects',
]);
/** How deep in the outer object a records array may sit (`{"_embedded":{"calls":[...]}}`). */
const WRAPPER_DEPTH = 3;
const RECORD_GAP = /\}\s*,\s*\{/g;
const WRAPPER_KEY = new RegExp(`"(${[...WRAPPERS].join('|')})"\\s*:\\s*\\[`);

/**
 * JSON documents read one record at a time, so a large export never sits in memory: one object
 * per file (a pretty-printed FreeSWITCH CDR), several in a row, a top-level array of objects, or
 * an array wrapped in an object (`{"cdrs":[...]}`, `{"call_summaries":[...]}`).
 *
 * Recovery: a string still open at a line end (JSON strings hold no raw line breaks), a record
 * over MAX_RECORD_CHARS or a bracket that closes the wrong thing ends the record as one reject;
 * reading resumes at the next record start: the next `}, {` within what was read, else the next
 * line that opens an object at the indentation records started at.
 */
export function jsonPieces(target: JsonTarget): PieceSink {
  let top: '[' | '{' | undefined;
  const stack: number[] = [];
  let inString = false;
  let escaped = false;
  let base = -1; // stack depth at which `{` starts a record; -1 until known
  let wrapped = false;
  let keyStart = -1;
  let key = '';
  // The record being read.
  let parts: string[] = [];
  let size = 0;
  let from = -1;
  let startLine = 0;
  // How records start, for finding the next one after a broken record.
  let indent: string | undefined;
  let resync = false;
  let lineStart = true;
  /** The text opens with a wrapper (`{"cdrs": [`): damage in its outer object must not cost the records. */
  let expectWrapper: boolean | undefined;
  let probe = '';
  /** The first top-level object is complete: it was a record, not a wrapper. */
  let firstDone = false;

  function reset(): void {
    parts = [];
    size = 0;
    from = -1;
  }

  /**
   * Inside the outer object of what is (or, early on, may be) a wrapper: damage there must not
   * cost its records, so a string left open is closed at the line end and a stray bracket ignored.
   */
  function mayBeWrapper(): boolean {
    return (
      top === '{' &&
      !wrapped &&
      !firstDone &&
      expectWrapper !== false &&
      stack.length >= 1 &&
      stack.length <= WRAPPER_DEPTH
    );
  }

  function emit(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      target.reject(startLine, text, `broken JSON: ${(e as Error).message}`);
      return;
    }
    target.value(value, text, startLine);
  }

  /** Ends the record in progress as a reject and looks for the next record start. */
  function broken(error: string, text: string, upTo: number): void {
    const piece = from >= 0 ? text.slice(from, upTo) : text.slice(0, upTo);
    const record = parts.join('') + piece;
    const line = startLine;
    reset();
    inString = false;
    escaped = false;
    if (base >= 0) stack.length = base;
    resync = true;
    // A record boundary inside what was read (records on one line): read on from there.
    RECORD_GAP.lastIndex = 1;
    const m = RECORD_GAP.exec(record);
    const at = m ? m.index + m[0].length - 1 : -1;
    target.reject(line, at >= 0 ? record.slice(0, m!.index + 1) : record, error);
    if (at >= 0) {
      resync = false;
      let n = line;
      for (let i = record.indexOf('\n'); i >= 0 && i < at; i = record.indexOf('\n', i + 1)) n++;
      scan(record.slice(at), n, false, false);
    }
  }

  /** In resync: where the next record starts in this piece, or -1. */
  function nextStart(text: string, startsLine: boolean): number {
    if (indent !== undefined) {
      if (startsLine && text.startsWith(indent) && text.charCodeAt(indent.length) === 123) return indent.length;
      return -1;
    }
    RECORD_GAP.lastIndex = 0;
    const m = RECORD_GAP.exec(text);
    return m ? m.index + m[0].length - 1 : -1;
  }

  function scan(text: string, lineNo: number, eol: boolean, startsLine: boolean): void {
    let i = 0;
    if (
      startsLine &&
      !resync &&
      !inString &&
      indent !== undefined &&
      (from >= 0 || parts.length > 0) &&
      stack.length > base &&
      text.startsWith(indent) &&
      text.charCodeAt(indent.length) === 123
    ) {
      // A line opening an object at the indentation records start at, while one is still open:
      // that one lost its end (a truncated `},`). It alone is the reject; this is the next record.
      const record = parts.join('');
      const line = startLine;
      reset();
      stack.length = base;
      target.reject(line, record.trimEnd(), 'broken JSON: the record does not close before the next one starts');
    }
    if (resync) {
      const at = nextStart(text, startsLine);
      if (at < 0) return;
      resync = false;
      i = at;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (keyStart >= 0) {
            key = text.slice(keyStart, i);
            keyStart = -1;
          }
        }
        continue;
      }
      if (c === 34) {
        inString = true;
        // Keys of the outer object, to see a wrapper's records array coming.
        if (top === '{' && !wrapped && stack.length >= 1 && stack.length <= WRAPPER_DEPTH) keyStart = i + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        if (top === undefined) {
          top = c === 91 ? '[' : '{';
          base = c === 91 ? 1 : 0;
        }
        if (
          c === 91 &&
          top === '{' &&
          !wrapped &&
          stack.length >= 1 &&
          stack.length <= WRAPPER_DEPTH &&
          WRAPPERS.has(key)
        ) {
          // `{"cdrs": [`: the records are this array's objects, not the outer object.
          wrapped = true;
          base = stack.length + 1;
          reset();
        }
        if (c === 123 && stack.length === base && from < 0) {
          from = i;
          startLine = lineNo;
          parts = [];
          size = 0;
          const before = text.slice(0, i);
          indent = startsLine && before.trim() === '' ? before : undefined;
        }
        stack.push(c);
        continue;
      }
      if (c === 125 || c === 93) {
        const open = stack[stack.length - 1];
        if (open === undefined || open !== c - 2) {
          // Outside a record (a wrapper's tail, its damaged outer object) a stray bracket is ignored.
          if ((from < 0 && parts.length === 0) || mayBeWrapper()) continue;
          stack.pop();
          broken(`broken JSON: "${String.fromCharCode(c)}" closes nothing open here`, text, i + 1);
          if (resync) return;
          continue;
        }
        stack.pop();
        if (wrapped && c === 93 && stack.length === base - 1) {
          // The records array is closed: what follows (paging links, meta) holds no records.
          base = -2;
          continue;
        }
        if (stack.length === base && from >= 0 && c === 125) {
          parts.push(text.slice(from, i + 1));
          const record = parts.join('');
          reset();
          firstDone = true;
          emit(record);
        }
      }
    }
    if (eol && inString) {
      if (mayBeWrapper()) {
        // A damaged line of the wrapper's outer object: close the string and read on to its records.
        inString = false;
        keyStart = -1;
      } else if (from >= 0 || parts.length) {
        broken('unterminated JSON string (a line ends inside a quoted value)', text, text.length);
        return;
      }
      inString = false;
      keyStart = -1;
    }
    if (from >= 0) {
      const piece = eol ? text.slice(from) + '\n' : text.slice(from);
      parts.push(piece);
      size += piece.length;
      from = 0;
      if (size > MAX_RECORD_CHARS) broken(`JSON record larger than ${MAX_RECORD_CHARS >> 20} MiB`, '', 0);
    }
  }

  return {
    kind: 'pieces',
    piece(text, lineNo, eol) {
      if (expectWrapper === undefined) {
        probe += text;
        if (WRAPPER_KEY.test(probe)) expectWrapper = true;
        else if (probe.length > 65_536) expectWrapper = false;
        if (expectWrapper !== undefined) probe = '';
      }
      const startsLine = lineStart;
      lineStart = eol;
      // A record carried over from an earlier piece continues at this piece's start.
      scan(text, lineNo, eol, startsLine);
    },
    end() {
      // What is still open ends here as a reject; records found inside it (a string left open on
      // a one-line array flips what is quoted until the end) are read again. Each pass starts
      // later in the text, so this ends.
      while (from >= 0 || parts.length) {
        broken(inString ? 'unterminated JSON string' : 'unterminated JSON record at end of input', '', 0);
        resync = false;
      }
    },
  };
}
