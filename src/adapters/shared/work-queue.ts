/**
 * Runs command work one job per turn of the event loop. Commands are mostly synchronous SQLite
 * reads: run straight from the request callbacks, 200 arriving together would each wait for all
 * the work ahead of them before even being acknowledged, and blow Slack's 3 s. Queued, a job
 * that finds others ahead of it is told so at once (`onWait`: ack "Working on it" / deferReply)
 * and the event loop polls for new requests between jobs, so every ack goes out promptly.
 */
export class WorkQueue {
  private readonly jobs: Array<() => Promise<void>> = [];
  private running = false;
  private scheduled = false;

  /** Queue `task`; `onWait` runs immediately if other work is ahead of it. */
  run<T>(task: () => Promise<T>, onWait?: () => Promise<void>): Promise<T> {
    if ((this.running || this.jobs.length > 0) && onWait) void onWait().catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => task().then(resolve, reject));
      this.schedule();
    });
  }

  /** Jobs waiting (not counting the one running). */
  get backlog(): number {
    return this.jobs.length;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => void this.tick());
  }

  private async tick(): Promise<void> {
    this.scheduled = false;
    const job = this.jobs.shift();
    if (!job) return;
    this.running = true;
    try {
      await job();
    } finally {
      this.running = false;
      if (this.jobs.length) this.schedule();
    }
  }
}
