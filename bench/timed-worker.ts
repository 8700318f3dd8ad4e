/**
 * Sends plain HTTP requests, each at its own time offset, from a worker thread, and times each
 * answer: a prober whose clock the server under test (in the bench's own process) cannot hold
 * back. Used for /healthz probes and webhook callbacks during the write-lock run of bench/slack.ts.
 */
import { Worker } from 'node:worker_threads';

export interface TimedRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** ms after the worker starts. */
  atMs: number;
}

export interface TimedResult {
  status: number;
  ms: number;
  retryAfter: string | null;
  /** Wall-clock time the request was sent (epoch ms). */
  sentAt: number;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const t0 = performance.now();
function one(r) {
  return new Promise((resolve) => {
    const wait = Math.max(0, r.atMs - (performance.now() - t0));
    setTimeout(() => {
      const start = performance.now();
      const sentAt = Date.now();
      const body = r.body || '';
      const req = http.request(r.url, { method: r.method, agent, headers: { ...(r.headers || {}), 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - start, retryAfter: res.headers['retry-after'] || null, sentAt }));
      });
      req.on('error', () => resolve({ status: 0, ms: performance.now() - start, retryAfter: null, sentAt }));
      req.end(body);
    }, wait);
  });
}
Promise.all(workerData.map(one)).then((out) => { agent.destroy(); parentPort.postMessage(out); });
`;

export function runTimed(requests: TimedRequest[]): Promise<TimedResult[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: requests });
    w.once('message', (m: TimedResult[]) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}
