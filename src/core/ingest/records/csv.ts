import { splitCsv } from '../csv-split.js';
import type { LineSink } from '../input/lines.js';

/** Where CSV rows go. */
export interface RowTarget {
  /** Whether a row is whole (the header's width): a quoted field spanning lines must give one. */
  fits(row: readonly string[]): boolean;
  row(row: string[], text: string, lineNo: number): void;
  reject(lineNo: number, text: string, error: string): void;
}

/** A quoted field may hold line breaks, but a record spanning more lines than this is a stray quote. */
const MAX_SPAN_LINES = 50;
const MAX_SPAN_CHARS = 1 << 20;

/**
 * CSV records from lines, RFC 4180 quoting. A `"` that opens a field and never closes (a stray
 * quote) would swallow every line after it into one bad record; instead the following lines are
 * held only until the field closes into a row of the right width, and only while none of them
 * is a whole record by itself, for at most MAX_SPAN_LINES: else the opening line alone is
 * rejected and the held lines are read again as records. Each line is held at most a bounded number of times, so the time stays linear.
 */
export function csvLines(target: RowTarget, delim: string): LineSink {
  let held: string[] = [];
  let heldChars = 0;
  let heldLine = 0;

  function fresh(text: string, lineNo: number): void {
    if (text === '') return;
    if (text.indexOf('"') < 0) {
      target.row(text.split(delim), text, lineNo);
      return;
    }
    const row = splitCsv(text, delim);
    if (row) {
      target.row(row, text, lineNo);
      return;
    }
    held = [text];
    heldChars = text.length;
    heldLine = lineNo;
  }

  /** The held record cannot be whole: reject its first line and read the others again. */
  function giveUp(why: string): void {
    const lines = held;
    const first = heldLine;
    held = [];
    heldChars = 0;
    target.reject(first, lines[0]!, why);
    for (let i = 1; i < lines.length; i++) feed(lines[i]!, first + i);
  }

  function feed(text: string, lineNo: number): void {
    if (held.length === 0) {
      fresh(text, lineNo);
      return;
    }
    // A line that is a whole record by itself is not the rest of a quoted field: the held
    // line was a stray quote.
    const own = text.indexOf('"') < 0 ? text.split(delim) : splitCsv(text, delim);
    if (own && target.fits(own)) {
      giveUp('a " opens a field that does not close on this line (stray quote)');
      feed(text, lineNo);
      return;
    }
    held.push(text);
    heldChars += text.length + 1;
    if (text.indexOf('"') >= 0) {
      const joined = held.join('\n');
      const row = splitCsv(joined, delim);
      if (row) {
        if (target.fits(row)) {
          held = [];
          heldChars = 0;
          target.row(row, joined, heldLine);
        } else giveUp('a " opens a field that does not close on this line (stray quote)');
        return;
      }
    }
    if (held.length > MAX_SPAN_LINES || heldChars > MAX_SPAN_CHARS)
      giveUp('a " opens a field that does not close on this line (stray quote)');
  }

  return {
    kind: 'lines',
    line: feed,
    overlong(head, lineNo, length) {
      // An overlong line ends whatever was held: it cannot be part of a sane record.
      if (held.length) giveUp('a " opens a field that does not close on this line (stray quote)');
      target.reject(
        lineNo,
        head,
        `line of ${length} characters: longer than any call record (at most ${MAX_SPAN_CHARS})`,
      );
    },
    end() {
      while (held.length) giveUp('a " opens a field that never closes (stray quote)');
    },
  };
}

/** The separator of a delimited file, from its first line: the most frequent of , ; tab |. */
export function delimiterOf(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let n = 0;
    let quoted = false;
    for (let i = 0; i < firstLine.length; i++) {
      const c = firstLine[i];
      if (c === '"') quoted = !quoted;
      else if (c === d && !quoted) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
