import type { CallRecord } from '../core/call.js';
import type { Db } from '../store/db.js';
import { insertCallsInTx } from '../store/calls.js';

export type WriteOutcome = 'stored' | 'duplicate';

interface Pending {
  record: CallRecord;
  resolve(o: WriteOutcome): void;
  reject(e: unknown): void;
}

/**
 * Group commit for single-call webhooks: every record that arrives in one turn of the event loop
 * is written in one transaction, and each caller's promise settles only after that commit. SQLite
 * has one writer; under a concurrent bulk ingest one lock wait then serves a whole batch of
 * requests instead of each request waiting on its own.
 */
export class CallWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db, private readonly maxBatch = 1000) {}

  write(record: CallRecord): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes what is queued now. A failed commit fails every request in it: nothing is half-stored. */
  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let outcomes: WriteOutcome[];
    try {
      // BEGIN IMMEDIATE: take the write lock up front, so a busy wait happens before any work.
      outcomes = this.db.transaction(() => items.map((p) => (insertCallsInTx(this.db, [p.record], null) === 1 ? 'stored' : 'duplicate')))
        .immediate() as WriteOutcome[];
    } catch (e) {
      for (const p of items) p.reject(e);
      return;
    }
    items.forEach((p, i) => p.resolve(outcomes[i]!));
  }
}
