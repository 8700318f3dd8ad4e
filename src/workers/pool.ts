import type { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Invoker } from '../context.js';
import type { TickResult } from '../core/alerts/tick.js';
import type { CallRecord } from '../core/call.js';
import type { IngestResult } from '../core/ingest/index.js';
import type { Logger } from '../log.js';
import { HttpError } from '../http/errors.js';
import type { Reply } from '../reply.js';
import {
  fromWire,
  reviveReply,
  toWire,
  type CommandJob,
  type FromWorker,
  type IngestStart,
  type ToWorker,
} from './protocol.js';
import type { WorkerSetup } from './setup.js';
import { heavyOps, type OpArgs, type OpName, type OpResult } from './ops.js';
import { spawnWorker } from './spawn.js';
import { buttonKey } from '../adapters/shared/button-payload.js';

export interface DbWorkersOptions {
  dbPath: string;
  config: Config;
  log: Logger;
  /** Command threads (chat commands, buttons, forms, API uploads). */
  threads: number;
  /** How long a command thread's statement waits for another writer's lock. */
  commandLockWaitMs: number;
  /** How long the writer thread waits for the lock before the webhook answers 503. */
  writeLockWaitMs: number;
  /** Longest an API upload may take in its thread, body included (default: no bound). */
  ingestTimeoutMs?: number;
  /** How long the quick thread's small operations wait for another writer's lock (default 50 ms). */
  quickLockWaitMs?: number;
  /** How often the quick thread checks the database for /healthz (default 1 s). */
  heartbeatMs?: number;
}

/** The database as the quick thread last found it (what /healthz reports). */
export interface Heartbeat {
  ok: boolean;
  /** performance.now() when the answer arrived. */
  atMs: number;
  /** The query's round trip, thread included. */
  ms: number;
  migrations?: number;
  error?: string;
}

/** How long before the request timeout an upload still in its thread is answered 413. */
const INGEST_GRACE_MS = 250;

/**
 * The command threads' niceness. An analysis can keep every command thread busy for seconds
 * (200 users asking at once); at the same priority, on a 2-core machine, they would take the CPU
 * from the event loop's acks and health checks. The writer and quick threads keep the process's
 * priority: their work is short and someone is waiting for it.
 */
const COMMAND_THREAD_NICE = 10;

/** Long button payloads the threads stored, so rendering their replies needs no database read. */
const BUTTON_IDS_KEPT = 10_000;

interface Pending {
  resolve(v: FromWorker): void;
  reject(e: Error): void;
  /** API uploads: the thread asks for the next chunk. */
  onPull?: () => void;
}

/** One thread and the requests it has not answered yet. */
class Lane {
  readonly pending = new Map<number, Pending>();
  private worker: Worker;
  private ready: Promise<void>;
  private closing = false;

  constructor(
    private readonly entry: string,
    private readonly setup: WorkerSetup,
    private readonly log: Logger,
  ) {
    this.worker = spawnWorker(entry, setup);
    this.ready = this.wire(this.worker);
  }

  started(): Promise<void> {
    return this.ready;
  }

  private wire(w: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') return resolve();
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.type === 'pull') return p.onPull?.();
        this.pending.delete(m.id);
        if (m.type === 'failed') p.reject(fromWire(m.error));
        else p.resolve(m);
      });
      w.on('error', (e) => {
        this.log.error({ err: e, thread: this.entry }, 'database thread failed');
        reject(e);
      });
      w.on('exit', (code) => {
        if (w !== this.worker) return; // replaced by restart(): its requests are settled already
        this.failPending(`database thread exited (${code})`);
        if (this.closing) return;
        // A crash must not leave the server without its database threads: start another.
        this.log.error({ code, thread: this.entry }, 'database thread exited; starting a new one');
        this.replace();
      });
    });
  }

  private failPending(why: string): void {
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const p of lost) p.reject(Object.assign(new Error(why), { code: 'THREAD_EXIT' }));
  }

  private replace(): void {
    this.worker = spawnWorker(this.entry, this.setup);
    this.ready = this.wire(this.worker);
    this.ready.catch(() => undefined);
  }

  post(m: ToWorker, p: Pending): void {
    this.pending.set(m.id, p);
    this.worker.postMessage(m);
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  /** Stops the thread mid-work (its open transaction rolls back) and starts a new one at once. */
  restart(): void {
    const old = this.worker;
    this.failPending('database thread restarted');
    this.replace();
    void old.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * The server's database threads: `threads` command threads, each with its own connection, and
 * one writer thread for provider callbacks. The event loop only parses, acks and renders; every
 * query of a command, and every write of a webhook or upload, runs here.
 */
export class DbWorkers {
  private nextId = 1;
  private readonly buttonIds = new Map<string, number>();
  private heartbeat: Heartbeat | undefined;
  private beating: NodeJS.Timeout | undefined;

  private constructor(
    private readonly lanes: Lane[],
    private readonly writer: Lane,
    private readonly quick: Lane,
    private readonly ingestTimeoutMs = 0,
    readonly heartbeatMs = 1000,
  ) {}

  static async start(opts: DbWorkersOptions): Promise<DbWorkers> {
    const base = { dbPath: opts.dbPath, config: opts.config, logLevel: opts.log.level };
    const lanes = Array.from(
      { length: Math.max(1, opts.threads) },
      () =>
        new Lane(
          'command-worker',
          { ...base, lockWaitMs: opts.commandLockWaitMs, nice: COMMAND_THREAD_NICE },
          opts.log,
        ),
    );
    const writer = new Lane('writer-worker', { ...base, lockWaitMs: opts.writeLockWaitMs }, opts.log);
    // The quick thread: a command thread's code, taking only small operations, so a token check
    // or an interaction claim never waits behind a 200 ms analysis.
    const quick = new Lane('command-worker', { ...base, lockWaitMs: opts.quickLockWaitMs ?? 50 }, opts.log);
    const all = [...lanes, writer, quick];
    try {
      await Promise.all(all.map((l) => l.started()));
    } catch (e) {
      await Promise.all(all.map((l) => l.close()));
      throw e;
    }
    const workers = new DbWorkers(lanes, writer, quick, opts.ingestTimeoutMs, opts.heartbeatMs ?? 1000);
    await workers.beat();
    workers.beating = setInterval(() => void workers.beat(), workers.heartbeatMs).unref();
    return workers;
  }

  /** One health query in the quick thread; its answer (or failure) becomes the heartbeat. */
  private async beat(): Promise<void> {
    const started = performance.now();
    try {
      const h = await this.op('health', []);
      this.heartbeat = { ok: true, atMs: performance.now(), ms: performance.now() - started, migrations: h.migrations };
    } catch (e) {
      this.heartbeat = {
        ok: false,
        atMs: performance.now(),
        ms: performance.now() - started,
        error: (e as Error).message,
      };
    }
  }

  /** The database as last checked; /healthz answers from it without a query on the event loop. */
  lastHeartbeat(): Heartbeat | undefined {
    return this.heartbeat;
  }

  /** Runs one of src/workers/ops.ts's operations in the quick thread (a heavy one in a command thread). */
  async op<K extends OpName>(name: K, args: OpArgs<K>): Promise<OpResult<K>> {
    const lane = heavyOps.has(name) ? this.lane() : this.quick;
    const m = await this.request(lane, { id: this.nextId++, type: 'op', name, args: args as unknown[] });
    if (m.type !== 'done') throw new Error(`unexpected answer ${m.type}`);
    return m.result as OpResult<K>;
  }

  /** The stored id of a long button payload a thread stored for a reply, if it is known here. */
  knownButtonId(action: string, value: string): number | undefined {
    return this.buttonIds.get(buttonKey(action, value));
  }

  /** Keeps stored payload ids (`action|value` -> id), the newest BUTTON_IDS_KEPT of them. */
  rememberButtonIds(pairs: Array<[string, number]>): void {
    for (const [key, id] of pairs) {
      this.buttonIds.delete(key);
      this.buttonIds.set(key, id);
    }
    for (const key of this.buttonIds.keys()) {
      if (this.buttonIds.size <= BUTTON_IDS_KEPT) break;
      this.buttonIds.delete(key);
    }
  }

  /** Resolves once every thread, replacements included, has opened its connection. */
  async ready(): Promise<void> {
    await Promise.all([...this.lanes, this.writer, this.quick].map((l) => l.started()));
  }

  /** Command threads; the work queue runs this many jobs at once. */
  get threads(): number {
    return this.lanes.length;
  }

  /** The command thread with the fewest unanswered requests. */
  private lane(): Lane {
    return this.lanes.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private request(lane: Lane, m: ToWorker, onPull?: () => void): Promise<FromWorker> {
    return new Promise((resolve, reject) => lane.post(m, { resolve, reject, ...(onPull ? { onPull } : {}) }));
  }

  /** Runs a command, button or form in a thread; rejects with the error it threw (a UserError stays one). */
  async run(job: CommandJob, invoker: Invoker, nowMs: number): Promise<Reply> {
    const m = await this.request(this.lane(), { id: this.nextId++, type: 'job', job, env: { invoker, nowMs } });
    if (m.type !== 'reply') throw new Error(`unexpected answer ${m.type}`);
    this.rememberButtonIds(m.stored);
    return reviveReply(m.reply);
  }

  /** Runs one alerts evaluation tick (folding, every due step, the outbox rows) in a command thread. */
  async alertTick(nowMs: number): Promise<TickResult> {
    const m = await this.request(this.lane(), { id: this.nextId++, type: 'alerts', nowMs });
    if (m.type !== 'alerted') throw new Error(`unexpected answer ${m.type}`);
    return m.result;
  }

  /** Stores one provider callback through the writer thread's group commit. */
  async write(record: CallRecord): Promise<'stored' | 'duplicate'> {
    const m = await this.request(this.writer, { id: this.nextId++, type: 'write', record });
    if (m.type !== 'written') throw new Error(`unexpected answer ${m.type}`);
    return m.outcome;
  }

  /**
   * An API upload: parsed and stored in a command thread, the body handed over one chunk per
   * request from the thread, so memory stays bounded and parsing never runs on the event loop.
   */
  async ingest(
    start: IngestStart,
    body: AsyncIterable<Buffer>,
    opts: { receivedAt?: number } = {},
  ): Promise<IngestResult> {
    const lane = this.lane();
    const id = this.nextId++;
    const it = body[Symbol.asyncIterator]();
    let reading = false;
    const pull = (): void => {
      if (reading) return;
      reading = true;
      it.next().then(
        (r) => {
          reading = false;
          if (r.done) lane.send({ id, type: 'end' });
          else lane.send({ id, type: 'chunk', chunk: r.value });
        },
        (e: unknown) => {
          reading = false;
          lane.send({ id, type: 'abort', error: toWire(e) });
        },
      );
    };
    // A body the parser cannot get through in time (whatever it holds) costs one thread restart,
    // never the server: the thread is stopped, its open batch rolls back, a new thread starts.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      if (!this.ingestTimeoutMs) return;
      // Counted from when the request arrived (performance.now()), and ended a little before
      // Node's own request timeout would close the socket with a bare 408: this answer says why.
      const spent = opts.receivedAt === undefined ? 0 : performance.now() - opts.receivedAt;
      timer = setTimeout(
        () => {
          reject(
            new HttpError(
              413,
              'http.too_slow',
              `The upload took over ${Math.round(this.ingestTimeoutMs / 1000)} s to read (SIPBOT_HTTP_REQUEST_TIMEOUT_MS); what was committed stays stored. Split it and send the parts.`,
            ),
          );
          lane.restart();
        },
        Math.max(0, this.ingestTimeoutMs - spent - INGEST_GRACE_MS),
      );
    });
    try {
      const m = await Promise.race([this.request(lane, { id, type: 'ingest', start }, pull), timedOut]);
      if (m.type !== 'ingested') throw new Error(`unexpected answer ${m.type}`);
      return m.result;
    } finally {
      clearTimeout(timer);
      // The thread may stop early (a bad body): drain nothing more, release the source.
      if (!reading) void it.return?.().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.beating);
    await Promise.all([...this.lanes, this.writer, this.quick].map((l) => l.close()));
  }
}
