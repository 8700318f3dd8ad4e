/**
 * The small database operations the event loop needs between commands: a token check, an
 * interaction claim, a stored button payload, the health query, pruning. In `serve` they run in
 * the quick thread (its own connection, lock waits of at most 50 ms, never behind a command);
 * elsewhere (tests on `:memory:`, the CLI) on ctx.db. One list: a new operation is one line here.
 */
import type { Ctx } from '../context.js';
import type { Db } from '../store/db.js';
import { databaseHealth } from '../store/health.js';
import {
  claimInteraction,
  loadButtonPayload,
  pruneInteractions,
  releaseInteraction,
  saveButtonPayload,
} from '../store/interactions.js';
import { findToken, touchToken } from '../store/tokens.js';

export const dbOps = {
  health: (db: Db) => databaseHealth(db),
  findToken: (db: Db, token: string) => findToken(db, token),
  touchToken: (db: Db, name: string, nowMs: number) => touchToken(db, name, nowMs),
  claimInteraction: (db: Db, key: string, platform: string, nowMs: number) =>
    claimInteraction(db, key, platform, nowMs),
  releaseInteraction: (db: Db, key: string) => releaseInteraction(db, key),
  saveButtonPayload: (db: Db, action: string, value: string, nowMs: number) =>
    saveButtonPayload(db, action, value, nowMs),
  loadButtonPayload: (db: Db, id: number) => loadButtonPayload(db, id),
  pruneInteractions: (db: Db, olderThanMs: number) => pruneInteractions(db, olderThanMs),
} satisfies Record<string, (db: Db, ...args: never[]) => unknown>;

export type DbOps = typeof dbOps;
export type OpName = keyof DbOps;
export type OpArgs<K extends OpName> = DbOps[K] extends (db: Db, ...args: infer A) => unknown ? A : never;
export type OpResult<K extends OpName> = ReturnType<DbOps[K]>;

/** Runs one operation on `db` (what the quick thread does with a message). */
export function runOp<K extends OpName>(db: Db, name: K, args: OpArgs<K>): OpResult<K> {
  // The map is typed per name; one call site is the price of keeping the list a plain object.
  const op = dbOps[name] as unknown as (db: Db, ...a: OpArgs<K>) => OpResult<K>;
  return op(db, ...args);
}

/**
 * One operation, off the event loop when the server has database threads, else on ctx.db.
 * Either way a promise: callers are written once for both.
 */
export function dbOp<K extends OpName>(ctx: Ctx, name: K, ...args: OpArgs<K>): Promise<OpResult<K>> {
  if (ctx.workers) return ctx.workers.op(name, args);
  try {
    return Promise.resolve(runOp(ctx.db, name, args));
  } catch (e) {
    return Promise.reject(e as Error);
  }
}
