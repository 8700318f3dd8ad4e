import { StringDecoder } from 'node:string_decoder';
import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import { insertCallInTx } from '../../store/calls.js';
import { finishImportBatch, startImportBatch, updateImportBatch, type BatchCounts } from '../../store/ingest-batches.js';
import { insertRejectsInTx } from '../../store/rejects.js';
import { detectFormat, sniffContainer, type Container } from './detect.js';
import { objectMapper, rowTweak } from './mappers.js';
import { normalizeCall } from './normalize.js';
import { phoneFor } from './phone-cache.js';
import { accSyslogReader, asteriskReader, csvReader, formReader, jsonDocReader, ndjsonReader, type Reader, type Sink } from './readers.js';
import { FORMATS, type FormatName, type IngestResult, type RejectInfo } from './types.js';

export interface IngestOptions {
  /** A SPEC format name, or `auto` (default) to detect from the content. */
  format?: FormatName | 'auto';
  /** Stored on every record and used as the route where a format has none; default the format name. */
  source?: string;
  /** Where the input came from: a file path, `-`, `api:<token>`, `webhook:<provider>`. */
  origin: string;
  /** Called after each commit. */
  onProgress?: (p: { bytes: number; read: number }) => void;
  /** Most records per transaction (another commit comes at the end of every input chunk). */
  batchSize?: number;
  /**
   * The connection is this ingest's alone (the CLI): a transaction may stay open across reads,
   * committed every batchSize records only. Never for a shared connection (the server's).
   */
  ownsConnection?: boolean;
}

const HEAD_LINES = 50;
const HEAD_BYTES = 64 * 1024;
const MAX_REJECTS_RETURNED = 1000;
const LONG_LINE = 1 << 20;
const DECODE_PIECE = 32 * 1024;
const MAX_LINE = 16 << 20;

function makeReader(container: Container, format: FormatName, sink: Sink, origin: string): Reader {
  if (format === 'asterisk' && container === 'csv') return asteriskReader(sink, origin);
  const map = objectMapper(format);
  switch (container) {
    case 'csv': {
      const tweak = rowTweak(format);
      return csvReader(sink, tweak ? { origin, tweak } : { origin });
    }
    case 'ndjson':
      return ndjsonReader(sink, map);
    case 'jsondoc':
      return jsonDocReader(sink, map);
    case 'form':
      return formReader(sink, map);
    case 'syslog':
      return accSyslogReader(sink, map);
  }
}

/**
 * Reads call records from a stream in any SPEC format and stores them: bounded memory (line by
 * line, each record written as read), committed in transactions of at most batchSize records
 * with their rejects and the import's counters, one import_batches row per input. Throws
 * UserError when the format cannot be detected or a header lacks required columns; bad records
 * are rejects, never exceptions.
 */
export async function ingestStream(ctx: Ctx, input: AsyncIterable<Buffer | string>, opts: IngestOptions): Promise<IngestResult> {
  const batchSize = opts.batchSize ?? 5000;
  const wanted = opts.format ?? 'auto';
  if (wanted !== 'auto' && !(FORMATS as readonly string[]).includes(wanted)) {
    throw new UserError('ingest.bad_format', `unknown format "${wanted as string}"; choose from auto, ${FORMATS.join(', ')}`);
  }
  const counts: BatchCounts & { skipped: number } = { read: 0, stored: 0, duplicates: 0, rejected: 0, skipped: 0 };
  const rejectsOut: RejectInfo[] = [];
  let bytes = 0;
  let batchId = 0;
  let format: FormatName | undefined;
  let reader: Reader | undefined;
  let head: string[] | undefined = [];
  let headBytes = 0;
  let lineNo = 0;

  /*
   * Each record is written as soon as it is read, inside a transaction that is committed every
   * batchSize records and at the end of every input chunk. The chunk is processed synchronously,
   * so the transaction never stays open across an await: nothing else on this connection (the
   * server's webhooks) can slip into it, and no batch of records is held in memory. A caller that
   * owns the connection skips the per-chunk commit: fewer, larger transactions load faster.
   */
  let inTx = 0;
  let open = false;
  const db = ctx.db;
  const write = (): void => {
    if (!open) {
      db.exec('BEGIN IMMEDIATE');
      open = true;
    }
  };
  const commit = (): void => {
    if (!open) return;
    if (batchId) updateImportBatch(db, batchId, counts);
    db.exec('COMMIT');
    open = false;
    if (inTx > 0) opts.onProgress?.({ bytes, read: counts.read });
    inTx = 0;
  };
  const settle = (): void => {
    try {
      commit();
    } catch {
      if (db.inTransaction) db.exec('ROLLBACK');
      open = false;
    }
  };

  /** Detects the format from the first lines and replays them; `complete` false when the last is a piece. */
  const start = (complete = true): void => {
    const lines = head ?? [];
    head = undefined;
    if (!lines.some((l) => l.trim() !== '')) return; // empty input: nothing to store
    let container = sniffContainer(lines)!;
    if (wanted === 'asterisk') container = 'csv';
    const f = wanted === 'auto' ? detectFormat(container, lines) : wanted;
    if (!f) {
      throw new UserError('ingest.unknown_format', `${opts.origin}: cannot tell the format of this input (first line: ${(lines.find((l) => l.trim()) ?? '').slice(0, 80)})`, [
        `Name it with --format (${FORMATS.join(', ')}), or give CSV a header with start_time, caller, callee and sip_code.`,
      ]);
    }
    format = f;
    const source = opts.source ?? f;
    const env = { source, phone: phoneFor(ctx.config.defaultCountry) };
    write();
    batchId = startImportBatch(db, { source, format: f, origin: opts.origin, startedMs: ctx.clock.now().getTime() });
    const sink: Sink = (line, text, mapped) => {
      const n = mapped.kind === 'call' ? normalizeCall(mapped.raw, env) : mapped;
      if (n.kind === 'skip') {
        counts.skipped++;
        return;
      }
      counts.read++;
      write();
      if (n.kind === 'call') {
        if (insertCallInTx(db, n.record, batchId)) counts.stored++;
        else counts.duplicates++;
      } else {
        counts.rejected++;
        insertRejectsInTx(db, batchId, opts.origin, [{ line, error: n.error, raw: text }], ctx.clock.now().getTime());
        if (rejectsOut.length < MAX_REJECTS_RETURNED) rejectsOut.push({ line, error: n.error });
      }
      if (++inTx >= batchSize) commit();
    };
    reader = makeReader(container, f, sink, opts.origin);
    if (!complete) lines.pop();
    let n = lineNo - lines.length;
    for (const l of lines) reader.line(l, ++n);
  };

  const onLine = (text: string): void => {
    lineNo++;
    if (reader) {
      reader.line(text, lineNo);
      return;
    }
    head!.push(text);
    headBytes += text.length;
    if (head!.length >= HEAD_LINES || headBytes >= HEAD_BYTES) start();
  };

  /**
   * A line longer than LONG_LINE without its end: JSON readers take it in pieces (a whole export
   * as one JSON array on one line); for line formats it is not a record.
   */
  const longLine = (text: string): string => {
    if (!reader) {
      head!.push(text.slice(0, HEAD_BYTES));
      start(false);
    }
    if (reader?.partial) {
      reader.partial(text, lineNo + 1);
      return '';
    }
    if (text.length > MAX_LINE) {
      throw new UserError('ingest.line_too_long', `${opts.origin}: line ${lineNo + 1} is longer than ${MAX_LINE >> 20} MB; this is not a file of call records in a line format.`);
    }
    return text;
  };

  const decoder = new StringDecoder('utf8');
  let rest = '';
  let first = true;
  /** Splits text into lines; the unfinished last line waits in `rest` for the next piece. */
  const feed = (text: string): void => {
    let s = rest + text;
    if (first && s.length) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      if (nl < 0) break;
      const end = nl > from && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(s.slice(from, end));
      from = nl + 1;
    }
    rest = s.slice(from);
    if (rest.length > LONG_LINE) rest = longLine(rest);
  };
  try {
    for await (const chunk of input) {
      if (typeof chunk === 'string') {
        bytes += Buffer.byteLength(chunk);
        feed(chunk);
      } else {
        bytes += chunk.length;
        // Decoded in small pieces: a string over ~128 KiB is born in V8's large-object space and
        // lives until a full GC, which made peak RSS grow with the file.
        for (let i = 0; i < chunk.length; i += DECODE_PIECE) feed(decoder.write(chunk.subarray(i, i + DECODE_PIECE)));
      }
      if (!opts.ownsConnection) commit();
    }
    rest += decoder.end();
    if (rest !== '') onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    if (!reader) start();
    reader?.end();
    commit();
  } catch (e) {
    // Keep what was read before the failure (each record is whole), then mark the import failed.
    settle();
    if (batchId) finishImportBatch(db, batchId, counts, 'failed', ctx.clock.now().getTime());
    throw e;
  }
  if (batchId) finishImportBatch(db, batchId, counts, 'done', ctx.clock.now().getTime());
  return { format: format ?? (wanted === 'auto' ? 'csv' : wanted), ...counts, rejects: rejectsOut, batchId };
}
