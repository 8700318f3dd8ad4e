import { nextTurn } from './turn.js';

/**
 * Runs command work at most `concurrency` jobs at a time, starting each on a turn of the event
 * loop that requests on their way to an ack get first (turn.ts). Without database threads (the console, tests on :memory:) commands are
 * synchronous SQLite reads on this thread, so one at a time: run straight from the request
 * callbacks, 200 arriving together would each wait for all the work ahead of them before even
 * being acknowledged, and blow Slack's 3 s. In `serve` the work runs in threads and the queue
 * runs one job per thread. Either way a job that finds every slot taken is told so at once
 * (`onWait`: ack "Working on it" / deferReply) and the event loop polls for new requests
 * between jobs, so every ack goes out promptly.
 */
export class WorkQueue {
  private readonly jobs: Array<() => Promise<void>> = [];
  /** Jobs queued or running under a share key, until they settle. */
  private readonly sharing = new Map<string, Promise<unknown>>();
  private running = 0;
  private scheduled = false;
  private readonly concurrency: number;

  constructor(opts: { concurrency?: number } = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  /**
   * Queue `task`; `onWait` runs immediately if it cannot start at once. With `share`, a task
   * whose key matches one queued or running is not run again: it gets that one's outcome (each
   * caller its own copy, made by `clone`) and takes no slot; it is told to wait like any request
   * with work ahead of it.
   */
  run<T>(
    task: () => Promise<T>,
    onWait?: () => Promise<void>,
    share?: { key: string; clone: (value: T) => T },
  ): Promise<T> {
    const joined = share ? (this.sharing.get(share.key) as Promise<T> | undefined) : undefined;
    if (joined && share) {
      // Work is ahead of it like any queued request: acknowledged at once, answered when done.
      if (onWait) void onWait().catch(() => undefined);
      return joined.then(share.clone);
    }
    if (this.running + this.jobs.length >= this.concurrency && onWait) void onWait().catch(() => undefined);
    const p = new Promise<T>((resolve, reject) => {
      this.jobs.push(() => task().then(resolve, reject));
      this.schedule();
    });
    if (!share) return p;
    this.sharing.set(share.key, p);
    const forget = (): void => {
      if (this.sharing.get(share.key) === p) this.sharing.delete(share.key);
    };
    p.then(forget, forget);
    return p.then(share.clone);
  }

  /** Jobs waiting (not counting those running). */
  get backlog(): number {
    return this.jobs.length;
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.jobs.length === 0) return;
    this.scheduled = true;
    // A job starts on a turn of its own, after the requests waiting for their ack (turn.ts).
    void nextTurn('later').then(() => this.tick());
  }

  private tick(): void {
    this.scheduled = false;
    const job = this.jobs.shift();
    if (!job) return;
    this.running++;
    void job().finally(() => {
      this.running--;
      this.schedule();
    });
    this.schedule();
  }
}
