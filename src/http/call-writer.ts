import type { CallRecord } from '../core/call.js';
import type { Db } from '../store/db.js';
import { insertCallInTx } from '../store/calls.js';
import {
  busyTimeoutMs,
  commitWithoutCheckpoint,
  passiveCheckpoint,
  rollbackIfOpen,
  tryBeginImmediate,
} from '../store/write-lock.js';

export type WriteOutcome = 'stored' | 'duplicate';

interface Pending {
  record: CallRecord;
  resolve(o: WriteOutcome): void;
  reject(e: unknown): void;
}

/** How often a writer locked out by another process (a bulk `sipbot ingest`) tries again. */
const RETRY_MS = 1;
/** How often the writer checkpoints the WAL itself, when it has written since the last time. */
const CHECKPOINT_MS = 1000;

/**
 * Group commit for single-call webhooks: every record that arrives while the previous commit is
 * pending is written in one transaction, and each caller's promise settles only after that
 * commit. SQLite has one writer. When another process holds the lock, SQLite's own busy handler
 * would sleep inside the call with a growing back-off (up to 100 ms a try), blocking the event
 * loop and missing the short gaps between a bulk ingest's transactions; instead this tries to
 * take the lock without waiting, every RETRY_MS on a timer, while the server keeps reading
 * requests into the next batch. It gives up after the connection's busy_timeout, failing the
 * batch (the route answers 503 and the provider retries): nothing is half-stored.
 *
 * Its commits skip SQLite's automatic checkpoint: with a bulk ingest the WAL stays over the
 * threshold, so every commit would copy frames and fsync on the event loop. A passive checkpoint
 * runs at most once a second instead, only after writes.
 */
export class CallWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private waitingSince: number | undefined;
  private dirty = false;
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 5000,
  ) {}

  write(record: CallRecord): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.timer === undefined) this.timer = setImmediate(() => this.flush());
    });
  }

  /** Writes what is queued now, or schedules another try when the database is locked. */
  flush(): void {
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const timeoutMs = busyTimeoutMs(this.db);
    if (!tryBeginImmediate(this.db)) {
      this.waitingSince ??= performance.now();
      if (performance.now() - this.waitingSince < timeoutMs) {
        this.timer = setTimeout(() => this.flush(), RETRY_MS);
        return;
      }
      this.waitingSince = undefined;
      this.fail(this.queue.splice(0), Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
      return;
    }
    this.waitingSince = undefined;
    const items = this.queue.splice(0, this.maxBatch);
    let outcomes: WriteOutcome[];
    try {
      outcomes = items.map((p) => (insertCallInTx(this.db, p.record, null) ? 'stored' : 'duplicate'));
      commitWithoutCheckpoint(this.db);
      this.checkpointSoon();
    } catch (e) {
      rollbackIfOpen(this.db);
      this.fail(items, e);
      this.reschedule();
      return;
    }
    items.forEach((p, i) => p.resolve(outcomes[i]!));
    this.reschedule();
  }

  private checkpointSoon(): void {
    this.dirty = true;
    if (this.checkpointTimer === undefined) {
      this.checkpointTimer = setTimeout(() => this.checkpoint(), CHECKPOINT_MS);
      this.checkpointTimer.unref();
    }
  }

  /** A passive checkpoint: copies what it can without waiting for readers or writers. */
  private checkpoint(): void {
    this.checkpointTimer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      passiveCheckpoint(this.db);
    } catch {
      // Busy or closed: the next write schedules another; other connections checkpoint too.
    }
  }

  /** Stops the checkpoint timer (server close). */
  close(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
  }

  private reschedule(): void {
    if (this.queue.length > 0 && this.timer === undefined) this.timer = setImmediate(() => this.flush());
  }

  private fail(items: Pending[], e: unknown): void {
    for (const p of items) p.reject(e);
  }
}
