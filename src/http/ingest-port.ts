import { Readable } from 'node:stream';
import type { Ctx } from '../context.js';
import {
  ingestStream,
  isFormatName,
  isZone,
  parseCallPayload,
  type FormatName,
  type IngestResult,
  type Normalized,
} from '../core/ingest/index.js';
import { HttpError } from './errors.js';

/** Where the HTTP layer meets src/core/ingest: the same parsers as `sipbot ingest`. */
export type Provider = 'twilio' | 'telnyx' | 'signalwire' | 'bandwidth';

export interface BodyIngestResult extends IngestResult {
  source: string;
}

/** The first character a body of each declared type can start with (after a BOM and blanks). */
const FIRST_CHAR: Partial<Record<string, (c: string) => boolean>> = {
  json: (c) => c === '[',
  ndjson: (c) => c === '{',
  csv: (c) => c !== '[' && c !== '{' && c !== '<',
};

const DECLARED: Record<string, string> = {
  json: 'a JSON array',
  ndjson: 'NDJSON (one JSON object a line)',
  csv: 'CSV with a header row',
};

/**
 * Refuses, before anything is stored, a body that is not the type its Content-Type declares (a
 * CSV sent as application/json): the ingest code would otherwise detect and read it anyway.
 */
async function* declaredType(input: Readable, format: string): AsyncGenerator<Buffer> {
  const ok = FIRST_CHAR[format];
  let checked = !ok;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (!checked) {
      const head = chunk
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart();
      if (head) {
        checked = true;
        if (!ok!(head[0]!))
          throw new HttpError(400, 'http.bad_body', `Body is not ${DECLARED[format]}, as its Content-Type says.`);
      }
    }
    yield chunk;
  }
}

export async function ingestBody(
  ctx: Ctx,
  input: Readable,
  opts: {
    format: string;
    source?: string | undefined;
    tz?: string | undefined;
    origin: string;
    /** performance.now() when the request arrived: the upload's time bound counts from there. */
    receivedAt?: number;
    /** How long its writes wait for another connection's lock (then SQLITE_BUSY: 503). */
    lockWaitMs?: number;
  },
): Promise<BodyIngestResult> {
  if (opts.format !== 'auto' && !isFormatName(opts.format)) {
    throw new HttpError(400, 'http.bad_format', `Unknown format "${opts.format}".`);
  }
  if (opts.tz !== undefined && !isZone(opts.tz))
    throw new HttpError(
      400,
      'http.bad_tz',
      `Unknown time zone "${opts.tz.slice(0, 60)}": use an IANA name such as America/Chicago.`,
    );
  if (ctx.workers) {
    // `serve`: parsed and stored in a database thread; the body follows one chunk at a time.
    const result = await ctx.workers.ingest(
      {
        format: opts.format,
        origin: opts.origin,
        nowMs: ctx.clock.now().getTime(),
        ...(opts.source ? { source: opts.source } : {}),
        ...(opts.tz ? { tz: opts.tz } : {}),
      },
      input,
      opts.receivedAt === undefined ? {} : { receivedAt: opts.receivedAt },
    );
    return { ...result, source: opts.source ?? result.format };
  }
  const format = opts.format as FormatName | 'auto';
  const result = await ingestStream(ctx, Readable.from(declaredType(input, format)), {
    format,
    origin: opts.origin,
    ...(opts.source ? { source: opts.source } : {}),
    ...(opts.tz ? { tz: opts.tz } : {}),
    ...(opts.lockWaitMs === undefined ? {} : { lockWaitMs: opts.lockWaitMs }),
  });
  return { ...result, source: opts.source ?? result.format };
}

/** One provider callback as a call, a skip (not a final outcome) or a reject. */
export function webhookRecord(
  ctx: Pick<Ctx, 'config'>,
  provider: Provider,
  payload: Record<string, unknown>,
): Normalized {
  return parseCallPayload(ctx, provider, payload);
}
