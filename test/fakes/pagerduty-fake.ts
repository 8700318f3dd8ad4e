import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for PagerDuty's Events API v2 (`POST /v2/enqueue`), refusing what PagerDuty
 * refuses (developer.pagerduty.com, Events API v2 "Send an Alert Event" and "Response Codes &
 * Retry Logic"): 400 `invalid event` without a 32-character routing_key, with an event_action
 * other than trigger/acknowledge/resolve, a trigger without payload.summary/source or with a
 * severity outside critical/error/warning/info, a summary over 1,024 or a dedup_key over 255
 * characters, a body over 512 KB; 202 `{status:"success", message:"Event processed", dedup_key}`
 * otherwise. `failNext(status, n)` answers the next n events with 429 or 5xx, as PagerDuty does
 * when it throttles or fails, so a sender's retries can be tested.
 */
export interface PagerDutyFake {
  url: string;
  /** Accepted events, in order. */
  events: Array<Record<string, unknown>>;
  /** Every answer given: status and body. */
  answers: Array<{ status: number; body: Record<string, unknown> }>;
  failNext(status: number, n?: number): void;
  close(): Promise<void>;
}

const MAX_BODY = 512 * 1024;
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS = ['trigger', 'acknowledge', 'resolve'];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function problems(e: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32)
    out.push("'routing_key' must be a 32 character Integration Key");
  if (typeof e.event_action !== 'string' || !ACTIONS.includes(e.event_action))
    out.push("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255))
    out.push("'dedup_key' must be a string of at most 255 characters");
  if (e.event_action !== 'trigger' && e.event_action !== undefined && typeof e.dedup_key !== 'string')
    out.push("'dedup_key' is required for acknowledge and resolve");
  if (e.event_action === 'trigger') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== 'object') out.push("'payload' is missing or not an object");
    else {
      if (typeof p.summary !== 'string' || !p.summary) out.push("'payload.summary' is missing or blank");
      else if (p.summary.length > 1024) out.push("'payload.summary' is longer than 1024 characters");
      if (typeof p.source !== 'string' || !p.source) out.push("'payload.source' is missing or blank");
      if (typeof p.severity !== 'string' || !SEVERITIES.includes(p.severity))
        out.push(
          "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')",
        );
    }
  }
  return out;
}

export async function startPagerDutyFake(): Promise<PagerDutyFake> {
  const events: Array<Record<string, unknown>> = [];
  const answers: PagerDutyFake['answers'] = [];
  const failures: number[] = [];
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: Record<string, unknown>): void => {
      answers.push({ status, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') return answer(404, { status: 'not found' });
    readBody(req).then(
      (raw) => {
        if (raw.length > MAX_BODY)
          return answer(400, {
            status: 'invalid event',
            message: 'Event object is invalid',
            errors: ['Request body is larger than 512 KB'],
          });
        const failing = failures.shift();
        if (failing !== undefined)
          return answer(
            failing,
            failing === 429
              ? { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' }
              : { status: 'error', message: 'internal error' },
          );
        let e: Record<string, unknown>;
        try {
          e = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          return answer(400, {
            status: 'invalid event',
            message: 'Event object is invalid',
            errors: ['Malformed JSON'],
          });
        }
        const errors = problems(e);
        if (errors.length) return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors });
        events.push(e);
        const dedup = typeof e.dedup_key === 'string' ? e.dedup_key : `pd-${++seq}`;
        answer(202, { status: 'success', message: 'Event processed', dedup_key: dedup });
      },
      () => answer(400, { status: 'invalid event', message: 'unreadable body' }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v2/enqueue`,
    events,
    answers,
    failNext: (status, n = 1) => {
      for (let i = 0; i < n; i++) failures.push(status);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
