/**
 * A command thread: runs chat commands, button presses, modal submissions and API uploads on
 * its own connection, so their queries (50-200 ms each) and lock waits never hold the event
 * loop. Each job carries the caller's clock reading; the thread's ctx answers it.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { buttonKey, longButtons } from '../adapters/shared/button-payload.js';
import { registrySource } from '../adapters/shared/commands.js';
import { runAlertTick } from '../core/alerts/tick.js';
import { defaultThresholds } from '../core/analysis/thresholds.js';
import type { Ctx } from '../context.js';
import { buildDigest } from '../core/digest/build-digest.js';
import { ingestBody } from '../http/ingest-port.js';
import type { Reply } from '../reply.js';
import { saveButtonPayload } from '../store/interactions.js';
import { withLockWait } from '../store/write-lock.js';
import { IngestFeed } from './ingest-feed.js';
import { runOp, type OpName } from './ops.js';
import { toWire, type CommandJob, type FromWorker, type JobEnvelope, type ToWorker } from './protocol.js';
import { openWorkerDb, type WorkerSetup } from './setup.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const { db, log } = openWorkerDb(setup, 'command-thread');
const feeds = new Map<number, IngestFeed>();

function ctxAt(nowMs: number): Ctx {
  return { db, log: log.child({ thread: threadId }), config: setup.config, clock: { now: () => new Date(nowMs) } };
}

async function runJob(job: CommandJob, env: JobEnvelope): Promise<Reply> {
  const cenv = { ctx: ctxAt(env.nowMs), invoker: env.invoker };
  const src = registrySource;
  switch (job.kind) {
    case 'text': {
      const { command, args } = src.resolveText(job.text);
      return command.run(args, cenv);
    }
    case 'command': {
      const command = src.commands.find((c) => c.name === job.name);
      if (!command) throw new Error(`no command "${job.name}" in the registry`);
      return command.run(job.args, cenv);
    }
    case 'action':
      return src.runAction(job.action, job.value, cenv);
    case 'modal':
      return src.runModal(job.action, job.privateValue, job.values, cenv);
    case 'digest':
      return buildDigest(db, job.options).reply;
  }
}

/**
 * Button payloads too long for a platform's id (Slack's 75-character option value is the
 * shortest) are stored here, where a lock wait is harmless; the renderer on the event loop then
 * finds them with a read.
 */
const SHORTEST_BUTTON_ID = 75;

function storeLongButtons(reply: Reply, nowMs: number): Array<[string, number]> {
  return longButtons(reply, SHORTEST_BUTTON_ID).map((b) => [
    buttonKey(b.action, b.value),
    saveButtonPayload(db, b.action, b.value, nowMs),
  ]);
}

/**
 * The alerts tick waits this long for another writer's lock, not the commands' long wait: behind
 * a bulk ingest it gives up (the next minute catches the steps up) instead of taking one of the
 * command threads away from the chat for as long as the ingest holds the lock.
 */
const ALERT_TICK_LOCK_WAIT_MS = 50;

function send(m: FromWorker): void {
  port.postMessage(m);
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'job':
      runJob(m.job, m.env).then(
        (reply) => send({ id: m.id, type: 'reply', reply, stored: storeLongButtons(reply, m.env.nowMs) }),
        (e: unknown) => send({ id: m.id, type: 'failed', error: toWire(e) }),
      );
      return;
    case 'ingest': {
      const feed = new IngestFeed(() => send({ id: m.id, type: 'pull' }));
      feeds.set(m.id, feed);
      const { format, source, tz, origin, nowMs } = m.start;
      // An upload waits for another writer's lock as long as a webhook does, then answers 503 +
      // Retry-After (what it committed stays; sent again, those records count as duplicates).
      const lockWaitMs = setup.config.env.SIPBOT_WEBHOOK_LOCK_WAIT_MS;
      ingestBody(ctxAt(nowMs), feed.stream(), { format, source, tz, origin, lockWaitMs })
        .then(
          (result) => send({ id: m.id, type: 'ingested', result }),
          (e: unknown) => send({ id: m.id, type: 'failed', error: toWire(e) }),
        )
        .finally(() => feeds.delete(m.id));
      return;
    }
    case 'chunk':
      feeds.get(m.id)?.push(m.chunk);
      return;
    case 'end':
      feeds.get(m.id)?.end();
      return;
    case 'abort':
      feeds.get(m.id)?.abort(m.error);
      return;
    case 'write':
      send({ id: m.id, type: 'failed', error: toWire(new Error('command threads do not take call writes')) });
      return;
    case 'op':
      try {
        send({ id: m.id, type: 'done', result: runOp(db, m.name as OpName, m.args as never) });
      } catch (e) {
        send({ id: m.id, type: 'failed', error: toWire(e) });
      }
      return;
    case 'alerts':
      // The alerts' evaluation tick: its queries and writes stay off the event loop like a command's.
      try {
        send({
          id: m.id,
          type: 'alerted',
          result: withLockWait(db, ALERT_TICK_LOCK_WAIT_MS, () =>
            runAlertTick(db, setup.config.alerts, defaultThresholds(), m.nowMs),
          ),
        });
      } catch (e) {
        send({ id: m.id, type: 'failed', error: toWire(e) });
      }
      return;
  }
});
send({ type: 'ready' });
