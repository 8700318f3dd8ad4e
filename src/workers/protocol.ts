import type { Invoker } from '../context.js';
import type { TickResult } from '../core/alerts/tick.js';
import type { CallRecord } from '../core/call.js';
import type { DigestOptions } from '../core/digest/build-digest.js';
import type { IngestResult } from '../core/ingest/index.js';
import { UserError } from '../errors.js';
import { HttpError } from '../http/errors.js';
import type { Reply } from '../reply.js';

/**
 * The typed messages between the event loop and the database threads. Everything here crosses
 * a worker boundary by structured clone: plain data only (Buffers arrive as Uint8Arrays and
 * are turned back by reviveReply).
 */

/** What a command thread is asked to do; `nowMs` is the caller's clock, so a manual clock holds. */
export type CommandJob =
  | { kind: 'text'; text: string }
  | { kind: 'command'; name: string; args: Record<string, string | undefined> }
  | { kind: 'action'; action: string; value: string }
  | { kind: 'modal'; action: string; privateValue: string; values: Record<string, string> }
  /** The scheduled digest of a subscription (the scheduler posts the Reply). */
  | { kind: 'digest'; options: DigestOptions };

export interface JobEnvelope {
  invoker: Invoker;
  nowMs: number;
}

/** An API upload run in a worker: the body arrives in chunks, each pulled by the worker. */
export interface IngestStart {
  format: string;
  source?: string;
  /** The zone of zone-less times (?tz= or the token's). */
  tz?: string;
  origin: string;
  nowMs: number;
}

export type ToWorker =
  | { id: number; type: 'job'; job: CommandJob; env: JobEnvelope }
  | { id: number; type: 'ingest'; start: IngestStart }
  | { id: number; type: 'chunk'; chunk: Uint8Array }
  | { id: number; type: 'end' }
  | { id: number; type: 'abort'; error: WireError }
  | { id: number; type: 'write'; record: CallRecord }
  | { id: number; type: 'alerts'; nowMs: number }
  /** One of src/workers/ops.ts's small operations (the quick thread). */
  | { id: number; type: 'op'; name: string; args: unknown[] };

export type FromWorker =
  | { type: 'ready' }
  /** `stored`: the ids of the long button payloads this reply's thread stored (`action|value` -> id). */
  | { id: number; type: 'reply'; reply: Reply; stored: Array<[string, number]> }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'ingested'; result: IngestResult }
  | { id: number; type: 'pull' }
  | { id: number; type: 'written'; outcome: 'stored' | 'duplicate' }
  | { id: number; type: 'alerted'; result: TickResult }
  | { id: number; type: 'failed'; error: WireError };

/** An error as it crosses the boundary: enough to rebuild a UserError, an HttpError or a SQLite error. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  hints?: string[];
  stack?: string;
}

export function toWire(e: unknown): WireError {
  const err = e instanceof Error ? e : new Error(String(e));
  const x = err as Error & { code?: unknown; statusCode?: unknown; hints?: unknown };
  return {
    name: err.name,
    message: err.message,
    ...(typeof x.code === 'string' ? { code: x.code } : {}),
    ...(typeof x.statusCode === 'number' ? { statusCode: x.statusCode } : {}),
    ...(Array.isArray(x.hints) ? { hints: x.hints as string[] } : {}),
    ...(err.stack ? { stack: err.stack } : {}),
  };
}

/** The error the thread threw, as the same class on this side (isUserError and the HTTP error handler rely on it). */
export function fromWire(w: WireError): Error {
  if (w.name === 'UserError') return new UserError(w.code ?? 'error', w.message, w.hints ?? []);
  if (w.name === 'HttpError' && w.statusCode) return new HttpError(w.statusCode, w.code ?? 'http.error', w.message);
  const e = Object.assign(new Error(w.message), w.code ? { code: w.code } : {});
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** A Reply after structured clone: its image and files are Buffers again. */
export function reviveReply(reply: Reply): Reply {
  return {
    ...reply,
    ...(reply.image ? { image: { ...reply.image, png: toBuffer(reply.image.png) } } : {}),
    ...(reply.files ? { files: reply.files.map((f) => ({ ...f, content: toBuffer(f.content) })) } : {}),
  };
}
