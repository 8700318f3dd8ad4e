/**
 * Sends signed Slack requests from a worker thread: its own event loop (and core), so a server
 * busy on the main thread cannot delay the client's clock or its sends, and the latencies are
 * the server's. Used by bench/slack.ts and by the queueing test.
 */
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  body: string;
  contentType?: string;
}

export interface LoadResult {
  status: number;
  ms: number;
  body: string;
}

// Plain JS, evaluated in the worker (CommonJS scope): fire every request at once, time each.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const http = require('node:http');
const { url, secret, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function one(r) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = 'v0=' + createHmac('sha256', secret).update('v0:' + ts + ':' + r.body).digest('hex');
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': r.contentType || 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(r.body),
      'x-slack-request-timestamp': ts, 'x-slack-signature': sig } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0, body }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, body: String(e) }));
    req.end(r.body);
  });
}
(async () => {
  const out = [];
  for (let i = 0; i < requests.length; i += concurrency) {
    out.push(...(await Promise.all(requests.slice(i, i + concurrency).map(one))));
  }
  agent.destroy();
  parentPort.postMessage(out);
})();
`;

/** Sends `requests` in waves of `concurrency`, each signed with `secret` at send time. */
export function runLoad(opts: {
  url: string;
  secret: string;
  requests: LoadRequest[];
  concurrency: number;
}): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: opts });
    w.once('message', (m: LoadResult[]) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}
