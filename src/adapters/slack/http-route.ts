import type { HTTPReceiver } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { nextTurn } from '../shared/turn.js';

export const SLACK_EVENTS_PATH = '/slack/events';
const BODY_LIMIT = 1024 * 1024;
/** Slack's replay window: a signed request more than 5 minutes from now, either way, is refused. */
const SLACK_TOLERANCE_S = 300;

/**
 * Bolt refuses a timestamp more than 5 minutes old but accepts any future one, so a captured
 * request could be replayed for as long as its clock skew allows. Refused here the same way
 * (401, empty body). Against the system clock, as Bolt's own check.
 */
function fromTheFuture(header: string | string[] | undefined, nowS: number): boolean {
  const ts = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(ts) && ts - nowS > SLACK_TOLERANCE_S;
}

/**
 * Mounts Bolt's own HTTPReceiver on the shared fastify server at POST /slack/events. Fastify
 * only buffers the raw bytes (signatures are over the exact body); Bolt verifies the signature
 * and the timestamp (401 on either), answers url_verification and ssl_check, acks, and applies
 * its 3 s unhandled-request timeout. Register it in an encapsulated scope: the parsers here
 * replace fastify's JSON parser for this route only.
 */
export function slackEventsRoute(receiver: HTTPReceiver): (app: FastifyInstance) => void {
  return (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    app.post(SLACK_EVENTS_PATH, (request, reply) => {
      if (fromTheFuture(request.headers['x-slack-request-timestamp'], Date.now() / 1000)) {
        request.log.warn('Slack request timestamped more than 5 minutes ahead: refused');
        return reply.code(401).send();
      }
      const raw = request.raw as IncomingMessage & { rawBody?: Buffer };
      raw.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      reply.hijack();
      // Bolt's verification, parsing and our handler up to its first await: one request per
      // loop turn, so a burst of commands never holds /healthz or a webhook behind all of it.
      void nextTurn().then(() => receiver.requestListener(raw, reply.raw));
    });
  };
}
