import type { Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import { IngestWriter } from '../../store/ingest-writer.js';
import type { FieldMap } from './aliases.js';
import { detectFormat, sampleOf } from './detect.js';
import type { Sample } from './formats/format.js';
import { formatModule } from './formats/index.js';
import { decodeInput } from './input/decode.js';
import { LineSplitter } from './input/lines.js';
import { normalizeCall } from './normalize.js';
import { phoneFor } from './phone-cache.js';
import { printable } from './printable.js';
import { recordReader, type RecordSink } from './reader.js';
import { dateOrderOf, type DateOrder } from './time.js';
import { FORMATS, type FormatName, type IngestResult, type Mapped, type RejectInfo, type Scalar } from './types.js';

export interface IngestOptions {
  /** A `--format` name, or `auto` (default) to detect from the content. */
  format?: FormatName | 'auto';
  /** Stored on every record and used as the route where a format has none; default the format name. */
  source?: string;
  /** Where the input came from: a file path, `-`, `api:<token>`, `webhook:<provider>`. */
  origin: string;
  /** Zone of times written without one (`--tz`); default UTC. */
  tz?: string;
  /** Order of slashed dates (`--date-order`); default: what the file's dates make unambiguous. */
  dateOrder?: DateOrder;
  /** `--map`: which column holds which field. */
  map?: FieldMap;
  /** Called after each commit. */
  onProgress?: (p: { bytes: number; read: number }) => void;
  /** Most records per transaction (another commit comes at the end of every input chunk). */
  batchSize?: number;
  /**
   * The connection is this ingest's alone (the CLI): a transaction may stay open across reads,
   * committed every batchSize records only. Never for a shared connection (the server's).
   */
  ownsConnection?: boolean;
  /**
   * How long a write waits for another connection's lock before it fails SQLITE_BUSY (an API
   * upload in `serve`: answered 503 + Retry-After); default the connection's busy timeout.
   */
  lockWaitMs?: number;
}

/** Detection reads this much: enough for a pretty-printed FreeSWITCH CDR and a wide CSV's first rows. */
const HEAD_CHARS = 256 * 1024;
const MAX_REJECTS_RETURNED = 1000;

/** Counts input bytes for the progress bar as they pass. */
async function* counted(
  input: AsyncIterable<Buffer | string>,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer | string> {
  for await (const chunk of input) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}

/** The start values of the sample's records, to tell the file's date order. */
function sampleStarts(text: string, format: FormatName, sample: Sample, map: FieldMap | undefined): Scalar[] {
  const starts: Scalar[] = [];
  const sink: RecordSink = (_line, _text, mapped) => {
    if (mapped.kind === 'call' && starts.length < 5000) starts.push(mapped.raw.start);
  };
  try {
    const module = formatModule(format);
    const positional = !!module.positional && module.positional.inSample(sample);
    const split = new LineSplitter(
      recordReader({ container: sample.container, module, map, origin: '', sink, positional }),
    );
    split.push(text);
  } catch {
    // A header problem is reported by the real read.
  }
  return starts;
}

/**
 * Reads call records from a stream in any supported format and stores them, in bounded memory:
 * bytes -> text (decode.ts) -> numbered lines (lines.ts) -> records (reader.ts, recovering after
 * any bad record) -> calls (the format's module, normalize.ts) -> the writer (store/). Throws
 * UserError when the format cannot be detected or a CSV header lacks required columns; bad
 * records are rejects, never exceptions.
 */
export async function ingestStream(
  ctx: Ctx,
  input: AsyncIterable<Buffer | string>,
  opts: IngestOptions,
): Promise<IngestResult> {
  const wanted = opts.format ?? 'auto';
  if (wanted !== 'auto' && !(FORMATS as readonly string[]).includes(wanted)) {
    throw new UserError(
      'ingest.bad_format',
      `unknown format "${wanted as string}"; choose from auto, ${FORMATS.join(', ')}`,
    );
  }
  let bytes = 0;
  let format: FormatName | undefined;
  let writer: IngestWriter | undefined;
  let splitter: LineSplitter | undefined;
  const rejects: RejectInfo[] = [];
  let head: string[] = [];
  let headChars = 0;
  /**
   * A first line too long to be a record and not JSON (garbage, a binary blob) would fill the
   * whole sample: it is skipped while detecting, and rejected as line 1 once the reader exists.
   */
  let skipped: { head: string; length: number; done: boolean } | undefined;
  const now = (): number => ctx.clock.now().getTime();

  const start = (): void => {
    const text = head.join('');
    head = [];
    const sample = sampleOf(text, opts.map);
    if (!sample) return; // empty input: nothing to store
    if (wanted === 'asterisk') sample.container = 'csv';
    // A JSON document whose first lines are damaged still is one when the user says so.
    if (wanted === 'json' && sample.container !== 'ndjson') sample.container = 'jsondoc';
    const module = wanted === 'auto' ? detectFormat(sample) : formatModule(wanted);
    if (!module) {
      const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
      throw new UserError(
        'ingest.unknown_format',
        `${opts.origin}: cannot tell the format of this input (first line: ${printable(first.slice(0, 80))})`,
        [
          `Name it with --format (${FORMATS.join(', ')}), or give CSV a header with start_time, caller, callee and sip_code (--map names other columns).`,
        ],
      );
    }
    format = module.name;
    const source = opts.source ?? module.name;
    const dateOrder =
      opts.dateOrder ??
      (/\b\d{1,2}\/\d{1,2}\/\d{4}\b/.test(text)
        ? dateOrderOf(sampleStarts(text, module.name, sample, opts.map))
        : undefined);
    const env = { source, phone: phoneFor(ctx.config.defaultCountry), time: { zone: opts.tz, dateOrder } };
    const w = new IngestWriter(
      ctx.db,
      { source, format: module.name, origin: opts.origin, startedMs: now() },
      {
        batchSize: opts.batchSize ?? 5000,
        ownsConnection: opts.ownsConnection ?? false,
        ...(opts.lockWaitMs === undefined ? {} : { lockWaitMs: opts.lockWaitMs }),
        onCommit: (c) => opts.onProgress?.({ bytes, read: c.read }),
      },
    );
    writer = w;
    const reject = (line: number, error: string, raw: string): void => {
      w.reject(line, error, raw, now(), opts.origin);
      if (rejects.length < MAX_REJECTS_RETURNED) rejects.push({ line, error });
    };
    const sink: RecordSink = (line, raw, mapped: Mapped) => {
      const n = mapped.kind === 'call' ? normalizeCall(mapped.raw, env) : mapped;
      // A record that is not an outcome (a ringing callback, a BYE) is read too: a reject saying so.
      if (n.kind === 'call') w.call(n.record);
      else reject(line, n.kind === 'skip' ? n.why : n.error, raw);
    };
    // Headerless rows: what the sample shows, or a forced --format asterisk on a file without a header.
    const positional =
      !!module.positional && (module.positional.inSample(sample) || (wanted === module.name && !module.detect(sample)));
    const reader = recordReader({
      container: sample.container,
      module,
      map: opts.map,
      origin: opts.origin,
      sink,
      positional,
    });
    splitter = new LineSplitter(reader);
    if (skipped) {
      if (reader.kind === 'lines') reader.overlong(skipped.head, 1, skipped.length);
      splitter.lineNo = 2;
    }
    splitter.push(text);
  };

  const feed = (text: string): void => {
    if (splitter) {
      splitter.push(text);
      return;
    }
    if (skipped && !skipped.done) {
      const nl = text.indexOf('\n');
      skipped.length += nl < 0 ? text.length : nl;
      if (nl < 0) return;
      skipped.done = true;
      text = text.slice(nl + 1);
    }
    head.push(text);
    headChars += text.length;
    if (headChars < HEAD_CHARS) return;
    const sampleText = head.join('');
    if (!skipped && sampleText.indexOf('\n') < 0 && !/^\s*[[{]/.test(sampleText)) {
      skipped = { head: sampleText.slice(0, 2000), length: sampleText.length, done: false };
      head = [];
      headChars = 0;
      return;
    }
    start();
  };

  try {
    for await (const text of decodeInput(
      counted(input, (n) => (bytes += n)),
      opts.origin,
    )) {
      feed(text);
      writer?.chunk();
    }
    if (!splitter) start();
    splitter?.end();
  } catch (e) {
    writer?.fail(now());
    throw e;
  }
  writer?.finish(now());
  const counts = writer?.counts ?? { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  return { format: format ?? (wanted === 'auto' ? 'csv' : wanted), ...counts, rejects, batchId: writer?.batchId ?? 0 };
}
