/** No call record is this long; a longer line is one reject, and memory stays bounded by it. */
export const MAX_RECORD_CHARS = 1 << 20;
/** What is kept of an overlong line for its reject. */
const HEAD_CHARS = 2000;

/** Takes whole lines (line formats: CSV, NDJSON, form parameters, syslog). */
export interface LineSink {
  kind: 'lines';
  line(text: string, lineNo: number): void;
  /** A line longer than MAX_RECORD_CHARS: its first characters, its number and its length. */
  overlong(head: string, lineNo: number, length: number): void;
  end(): void;
}

/** Takes text as it comes, in pieces that never span a line end (JSON documents). */
export interface PieceSink {
  kind: 'pieces';
  piece(text: string, lineNo: number, eol: boolean): void;
  end(): void;
}

export type TextSink = LineSink | PieceSink;

/**
 * Splits decoded text into numbered lines (LF or CRLF) in time linear in its size: only new text
 * is searched for line ends, and a line in progress is a list of parts, never a string grown by
 * concatenation. A line format's line is held up to MAX_RECORD_CHARS; past that only its head is
 * kept and the rest skipped to the line end.
 */
export class LineSplitter {
  private parts: string[] = [];
  private size = 0;
  private overflow = false;
  /** The number of the line in progress. */
  lineNo = 1;

  constructor(private readonly sink: TextSink) {}

  push(text: string): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.finish(text.slice(from, end));
      from = nl + 1;
    }
    if (from < text.length) this.add(from === 0 ? text : text.slice(from));
  }

  end(): void {
    if (this.parts.length || this.overflow) {
      let last = this.parts.length ? this.parts[this.parts.length - 1]! : '';
      if (last.endsWith('\r')) {
        last = last.slice(0, -1);
        this.parts[this.parts.length - 1] = last;
      }
      this.finish('');
    }
    this.sink.end();
  }

  private add(piece: string): void {
    if (this.sink.kind === 'pieces') {
      this.sink.piece(piece, this.lineNo, false);
      return;
    }
    if (this.overflow) {
      this.size += piece.length;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
    if (this.size > MAX_RECORD_CHARS) {
      const head = this.parts.join('').slice(0, HEAD_CHARS);
      this.parts = [head];
      this.overflow = true;
    }
  }

  private finish(tail: string): void {
    const n = this.lineNo++;
    if (this.sink.kind === 'pieces') {
      this.sink.piece(tail, n, true);
      return;
    }
    if (this.overflow) {
      this.sink.overlong(this.parts[0]!, n, this.size + tail.length);
      this.parts = [];
      this.size = 0;
      this.overflow = false;
      return;
    }
    let line = tail;
    if (this.parts.length) {
      this.parts.push(tail);
      line = this.parts.join('');
      if (tail === '' && line.endsWith('\r')) line = line.slice(0, -1); // CRLF split between two pieces
      this.parts = [];
      this.size = 0;
      if (line.length > MAX_RECORD_CHARS) {
        this.sink.overlong(line.slice(0, HEAD_CHARS), n, line.length);
        return;
      }
    }
    this.sink.line(line, n);
  }
}
