/**
 * The writes that record a delivery (an outbox row marked sent, failed or retried, the id of a
 * message just posted, a digest or redress check marked posted) that could not be made after
 * the delivery was tried: the database was busy under another process's write lock. They are
 * kept here and written first on the next tick, before anything is claimed or read again;
 * otherwise a claim's lease would run out while the lock is held and the message would go out twice.
 */
export class PendingMarks {
  private readonly marks: Array<() => Promise<unknown>> = [];

  /** Writes a mark; one that cannot be written now is kept for flush(), and the error rethrown. */
  async write(mark: () => Promise<unknown>): Promise<void> {
    try {
      await mark();
    } catch (e) {
      this.marks.push(mark);
      throw e;
    }
  }

  /** Writes the kept marks, oldest first; the first that still fails stays, with the rest, and rethrows. */
  async flush(): Promise<void> {
    while (this.marks.length) {
      await this.marks[0]!();
      this.marks.shift();
    }
  }
}
