import { parse } from 'csv-parse';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CallRecord } from '../../core/call.js';
import type { Ctx } from '../../context.js';
import { insertCalls } from '../../store/calls.js';
import { recordRejects, type RejectRow } from '../../store/webhook-rejects.js';
import { HttpError } from '../errors.js';
import { normaliseCall, type RawCall } from './normalise.js';

export interface BodyIngestResult {
  format: string;
  source: string;
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  rejects: Array<{ line: number; error: string }>;
}

/** Canonical field names and their common aliases, compared lower-case without spaces/_/-. */
const ALIASES: Record<keyof RawCall, string[]> = {
  callId: ['callid', 'callsid', 'uuid', 'id'],
  start: ['starttime', 'start', 'datecreated', 'timestamp', 'time'],
  caller: ['caller', 'from', 'ani', 'src', 'callingnumber'],
  callee: ['callee', 'to', 'dnis', 'dst', 'callednumber'],
  route: ['route', 'carrier', 'trunk', 'gateway'],
  sipCode: ['sipcode', 'sipresponsecode', 'lastsipresponsenum', 'code', 'sipresultcode'],
  sipReason: ['sipreason', 'reason'],
  q850: ['q850cause', 'q850'],
  duration: ['duration', 'durations', 'callduration'],
  hangupSource: ['hangupsource'],
};

const KEY_OF = new Map<string, keyof RawCall>();
for (const [k, names] of Object.entries(ALIASES) as Array<[keyof RawCall, string[]]>) for (const n of names) KEY_OF.set(n, k);

function toRaw(obj: Record<string, unknown>): RawCall {
  const raw: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = KEY_OF.get(k.toLowerCase().replace(/[\s_-]/g, ''));
    if (key && raw[key] === undefined) raw[key] = typeof v === 'number' || typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
  }
  return raw as RawCall;
}

type Item = { line: number; obj: Record<string, unknown> } | { line: number; error: string; raw: string };

async function* csvItems(input: Readable): AsyncGenerator<Item> {
  // A malformed row (stray quote, ...) is a reject, not the end of the upload.
  const parser = input.pipe(parse({ columns: true, skip_empty_lines: true, relax_column_count: true, bom: true, trim: true, info: true, skip_records_with_error: true }));
  input.on('error', (e) => parser.destroy(e));
  const skipped: Item[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, error: `not CSV: ${err.message}`, raw: '' }));
  let first = true;
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (first) {
        first = false;
        const keys = Object.keys(rec.record).map((k) => KEY_OF.get(k.toLowerCase().replace(/[\s_-]/g, '')));
        if (!keys.includes('caller') || !keys.includes('sipCode')) throw notCsv();
      }
      yield* skipped.splice(0);
      yield { line: rec.info.lines, obj: rec.record };
    }
  } catch (e) {
    if (first && (e as { code?: string }).code?.startsWith('CSV_')) throw notCsv();
    throw e;
  }
  if (first && skipped.length > 0) throw notCsv();
  yield* skipped.splice(0);
}

function notCsv(): HttpError {
  return new HttpError(400, 'http.bad_body', 'Not CSV call records: the header row needs at least start_time, caller, callee and sip_code.');
}

async function* ndjsonItems(input: Readable): AsyncGenerator<Item> {
  let line = 0;
  let good = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      const obj: unknown = JSON.parse(text);
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not an object');
      good++;
      yield { line, obj: obj as Record<string, unknown> };
    } catch (e) {
      if (good === 0 && line >= 3) throw new HttpError(400, 'http.bad_body', 'Not NDJSON: the first lines are not JSON objects.');
      yield { line, error: `not a JSON object: ${(e as Error).message}`, raw: text };
    }
  }
}

async function* jsonItems(input: Readable): AsyncGenerator<Item> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(c as Buffer);
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'http.bad_body', `Not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new HttpError(400, 'http.bad_body', 'Expected a JSON array of call records.');
  let i = 0;
  for (const obj of doc) {
    i++;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) yield { line: i, error: 'not an object', raw: JSON.stringify(obj) };
    else yield { line: i, obj: obj as Record<string, unknown> };
  }
}

/**
 * Interim streamed ingest of the canonical formats (csv, ndjson, json) for the HTTP API, used
 * until src/core/ingest provides ingestStream. Batches of 500 rows per transaction.
 */
export async function fallbackIngest(ctx: Ctx, input: Readable, opts: { format: string; source?: string | undefined; origin: string }): Promise<BodyIngestResult> {
  const gen = opts.format === 'csv' ? csvItems(input) : opts.format === 'ndjson' ? ndjsonItems(input) : opts.format === 'json' ? jsonItems(input) : null;
  if (!gen) throw new HttpError(415, 'http.unsupported_format', `Format ${opts.format} is not readable over HTTP in this build; send csv, ndjson or json.`);
  const source = opts.source ?? 'api';
  const res: BodyIngestResult = { format: opts.format, source, read: 0, stored: 0, duplicates: 0, rejected: 0, rejects: [] };
  let batch: CallRecord[] = [];
  let bad: RejectRow[] = [];
  const flush = (): void => {
    const r = insertCalls(ctx.db, batch);
    res.stored += r.stored;
    res.duplicates += r.duplicates;
    recordRejects(ctx.db, bad);
    batch = [];
    bad = [];
  };
  for await (const item of gen) {
    res.read++;
    const made = 'obj' in item ? normaliseCall(toRaw(item.obj), source, ctx.config.defaultCountry) : { error: item.error };
    if ('record' in made) batch.push(made.record);
    else {
      res.rejected++;
      res.rejects.push({ line: item.line, error: made.error });
      bad.push({ origin: opts.origin, line: item.line, error: made.error, raw: 'obj' in item ? JSON.stringify(item.obj) : item.raw, nowMs: ctx.clock.now().getTime() });
    }
    if (batch.length + bad.length >= 500) flush();
  }
  flush();
  return res;
}
