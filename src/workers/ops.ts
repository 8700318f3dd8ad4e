/**
 * The small database operations the event loop needs between commands: a token check, an
 * interaction claim, a stored button payload, the health query, pruning, and the timers' reads
 * and writes (the escalation and alert outboxes, reminders, redress follow-ups, digest claims).
 * In `serve` they run in the quick thread (its own connection, lock waits of at most 50 ms, never
 * behind a command), the few heavy ones (heavyOps) in a command thread; elsewhere (tests on
 * `:memory:`, the CLI) on ctx.db. One list: a new operation is one line here.
 */
import type { Config } from '../config.js';
import type { Ctx } from '../context.js';
import { chatRows, remindDue } from '../core/escalation/worker-ops.js';
import type { ChatPayload } from '../core/escalation/notify.js';
import { dueChecks, escalateRedress, measureCheck } from '../core/redress/checks.js';
import { createLogger, type Logger } from '../log.js';
import { alertTargets, getAlert, getAlertEvent, saveAlertMessage } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import { replaceGroupMembers, savePost, type PostRef } from '../store/escalations.js';
import { databaseHealth } from '../store/health.js';
import {
  claimInteraction,
  loadButtonPayload,
  pruneInteractions,
  releaseInteraction,
  saveButtonPayload,
} from '../store/interactions.js';
import { claimDue, markFailed, markRetry, markSent, postpone, type OutboxKind } from '../store/outbox.js';
import { getRedress, markCheckPosted, setRedressThread, unpostedChecks, type RedressRow } from '../store/redress.js';
import { claimDigest, listSubscriptions, markPosted, releaseClaim } from '../store/subscriptions.js';
import { findToken, touchToken } from '../store/tokens.js';
import { expireWalkthroughs } from '../store/walkthroughs.js';
import { recordRejects, type RejectRow } from '../store/webhook-rejects.js';

let opLog: Logger | undefined;

/**
 * The context of the few operations that run core code written against one (a reminder's
 * outbox rows, an escalation's bundle): the caller's clock reading and config, this side's db.
 */
function opCtx(db: Db, config: Config, nowMs: number): Ctx {
  opLog ??= createLogger(config.logLevel).child({ component: 'db-op' });
  return { db, config, log: opLog, clock: { now: () => new Date(nowMs) } };
}

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
  /** An authentic webhook that is no usable call: kept in rejects (busy: 503, the provider retries). */
  recordRejects: (db: Db, rows: RejectRow[]) => recordRejects(db, rows),

  // The outbox (escalations' and alerts' deliveries): claimed for a lease, then marked.
  claimOutbox: (db: Db, nowMs: number, leaseMs: number, limit: number, kinds: readonly OutboxKind[]) =>
    claimDue(db, nowMs, leaseMs, limit, kinds),
  markOutboxSent: (db: Db, id: number, nowMs: number) => markSent(db, id, nowMs),
  markOutboxFailed: (db: Db, id: number, nowMs: number, error: string) => markFailed(db, id, nowMs, error),
  markOutboxRetry: (db: Db, id: number, nextAttemptMs: number, error: string) =>
    markRetry(db, id, nextAttemptMs, error),
  postponeOutbox: (db: Db, id: number, nextAttemptMs: number, why: string) => postpone(db, id, nextAttemptMs, why),

  // The EscalationWorker.
  expireWalkthroughs: (db: Db, nowMs: number) => expireWalkthroughs(db, nowMs),
  remindEscalations: (db: Db, nowMs: number, config: Config) => remindDue(opCtx(db, config, nowMs)),
  replaceGroupMembers: (db: Db, groupId: string, users: string[], nowMs: number) =>
    replaceGroupMembers(db, groupId, users, nowMs),
  escalationChatRows: (db: Db, payload: ChatPayload) => chatRows(db, payload),
  saveEscalationPost: (db: Db, escalationId: number, post: PostRef) => savePost(db, escalationId, post),

  // The alerts' deliveries.
  getAlert: (db: Db, id: number) => getAlert(db, id),
  alertTargets: (db: Db, alertId: number) => alertTargets(db, alertId),
  getAlertEvent: (db: Db, id: number) => getAlertEvent(db, id),
  saveAlertMessage: (db: Db, alertId: number, target: string, messageId: string) =>
    saveAlertMessage(db, alertId, target, messageId),

  // The redress follow-up (measureRedress and escalateRedress are heavy).
  dueRedressChecks: (db: Db, nowMs: number) => dueChecks(db, nowMs),
  measureRedress: (db: Db, r: RedressRow, afterDays: number, nowMs: number) => measureCheck(db, r, afterDays, nowMs),
  escalateRedress: (db: Db, r: RedressRow, nowMs: number, config: Config) =>
    escalateRedress(opCtx(db, config, nowMs), r),
  unpostedRedressChecks: (db: Db) => unpostedChecks(db),
  getRedress: (db: Db, id: number) => getRedress(db, id),
  markRedressCheckPosted: (db: Db, requestId: number, afterDays: number, nowMs: number) =>
    markCheckPosted(db, requestId, afterDays, nowMs),
  setRedressThread: (db: Db, id: number, threadId: string) => setRedressThread(db, id, threadId),

  // The digest scheduler (the digest itself is built in a command thread: DbWorkers.run).
  listSubscriptions: (db: Db) => listSubscriptions(db),
  claimDigest: (db: Db, subscriptionId: number, localDate: string, nowMs: number, late: boolean) =>
    claimDigest(db, subscriptionId, localDate, nowMs, late),
  markDigestPosted: (db: Db, subscriptionId: number, localDate: string, messageId: string, postedMs: number) =>
    markPosted(db, subscriptionId, localDate, messageId, postedMs),
  releaseDigestClaim: (db: Db, subscriptionId: number, localDate: string) =>
    releaseClaim(db, subscriptionId, localDate),
} satisfies Record<string, (db: Db, ...args: never[]) => unknown>;

export type DbOps = typeof dbOps;
export type OpName = keyof DbOps;
export type OpArgs<K extends OpName> = DbOps[K] extends (db: Db, ...args: infer A) => unknown ? A : never;
export type OpResult<K extends OpName> = ReturnType<DbOps[K]>;

/**
 * Operations that run the analysis or read many calls: in `serve` they go to a command thread,
 * so the quick thread's token checks and claims never wait behind them.
 */
export const heavyOps: ReadonlySet<OpName> = new Set<OpName>(['measureRedress', 'escalateRedress']);

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
