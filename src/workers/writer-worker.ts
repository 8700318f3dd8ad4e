/**
 * The writer thread: owns the server's one connection that stores provider callbacks, group
 * committing them (CallWriter). A write that waits past its lock budget fails here, and the
 * route answers 503 with Retry-After; the event loop never waits on SQLite's lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CallWriter } from '../http/call-writer.js';
import { toWire, type FromWorker, type ToWorker } from './protocol.js';
import { openWorkerDb, type WorkerSetup } from './setup.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const { db } = openWorkerDb(setup, 'writer-thread');
const writer = new CallWriter(db);

function send(m: FromWorker): void {
  port.postMessage(m);
}

port.on('message', (m: ToWorker) => {
  if (m.type !== 'write') {
    send({
      id: m.id,
      type: 'failed',
      error: toWire(new Error(`the writer thread takes call writes, not "${m.type}"`)),
    });
    return;
  }
  writer.write(m.record).then(
    (outcome) => send({ id: m.id, type: 'written', outcome }),
    (e: unknown) => send({ id: m.id, type: 'failed', error: toWire(e) }),
  );
});
send({ type: 'ready' });
