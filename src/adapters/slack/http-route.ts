import type { HTTPReceiver } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

export const SLACK_EVENTS_PATH = '/slack/events';
const BODY_LIMIT = 1024 * 1024;

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
      const raw = request.raw as IncomingMessage & { rawBody?: Buffer };
      raw.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      reply.hijack();
      receiver.requestListener(raw, reply.raw);
    });
  };
}
