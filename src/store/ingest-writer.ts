import type { CallRecord } from '../core/call.js';
import { insertCallInTx } from './calls.js';
import type { Db } from './db.js';
import { finishImportBatch, startImportBatch, updateImportBatch, type BatchCounts } from './ingest-batches.js';
import { insertRejectsInTx } from './rejects.js';
import { withLockWait } from './write-lock.js';

export interface IngestWriterOptions {
  /** Most records per transaction. */
  batchSize: number;
  /**
   * The connection is this import's alone (the CLI): a transaction may stay open across reads of
   * the input, committed every batchSize records only. Never for a shared connection (the
   * server's): there every chunk() commits, so no transaction stays open across an await.
   */
  ownsConnection: boolean;
  /** Called after each commit that wrote records. */
  onCommit?: (counts: Readonly<BatchCounts>) => void;
  /** How long taking the write lock may wait (default: the connection's busy timeout). */
  lockWaitMs?: number;
}

/**
 * Writes one import (a file, an API upload) as its records are read: each call or reject inside
 * a transaction committed every batchSize records and at the end of each input chunk, together
 * with the import's counters, so the counts in import_batches always match what is committed.
 * `read = stored + duplicates + rejected` holds by construction: every record goes through
 * call() or reject().
 */
export class IngestWriter {
  readonly counts: BatchCounts = { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  readonly batchId: number;
  private open = false;
  private inTx = 0;

  constructor(
    private readonly db: Db,
    batch: { source: string; format: string; origin: string; startedMs: number },
    private readonly opts: IngestWriterOptions,
  ) {
    this.batchId = this.waiting(() => {
      this.begin();
      return startImportBatch(db, batch);
    });
  }

  /**
   * Runs `work` (synchronous, so nothing else uses the connection meanwhile) with the lock wait
   * of this import. Inside an open transaction the lock is held already; it matters where one
   * begins and where the import's row is written outside one.
   */
  private waiting<T>(work: () => T): T {
    const ms = this.opts.lockWaitMs;
    return ms === undefined ? work() : withLockWait(this.db, ms, work);
  }

  /** Stores a call; a duplicate (same source, call id and attempt) is counted, not written. */
  call(record: CallRecord): 'stored' | 'duplicate' {
    if (!this.open) this.waiting(() => this.begin());
    this.counts.read++;
    const stored = insertCallInTx(this.db, record, this.batchId);
    if (stored) this.counts.stored++;
    else this.counts.duplicates++;
    this.tick();
    return stored ? 'stored' : 'duplicate';
  }

  /** Keeps a record that could not be stored, with its line, reason and text. */
  reject(line: number, error: string, raw: string, nowMs: number, origin: string): void {
    if (!this.open) this.waiting(() => this.begin());
    this.counts.read++;
    this.counts.rejected++;
    insertRejectsInTx(this.db, this.batchId, origin, [{ line, error, raw }], nowMs);
    this.tick();
  }

  /** The end of an input chunk: commits unless the connection is this import's alone. */
  chunk(): void {
    if (!this.opts.ownsConnection) this.commit();
  }

  /** Commits what is written and closes the import as done. */
  finish(finishedMs: number): void {
    this.commit();
    this.waiting(() => finishImportBatch(this.db, this.batchId, this.counts, 'done', finishedMs));
  }

  /** Keeps what was written (each record is whole), then closes the import as failed. */
  fail(finishedMs: number): void {
    try {
      this.commit();
    } catch {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.open = false;
    }
    this.waiting(() => finishImportBatch(this.db, this.batchId, this.counts, 'failed', finishedMs));
  }

  private begin(): void {
    if (this.open) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
  }

  private tick(): void {
    if (++this.inTx >= this.opts.batchSize) this.commit();
  }

  private commit(): void {
    if (!this.open) return;
    updateImportBatch(this.db, this.batchId, this.counts);
    this.db.exec('COMMIT');
    this.open = false;
    if (this.inTx > 0) this.opts.onCommit?.(this.counts);
    this.inTx = 0;
  }
}
