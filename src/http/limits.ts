import type { FastifyReply, FastifyRequest, FastifyServerFactory } from 'fastify';
import { createServer } from 'node:http';
import type { Env } from '../config.js';

/**
 * The HTTP server with every limit a stranger could otherwise hold open: the headers must arrive
 * within SIPBOT_HTTP_HEADERS_TIMEOUT_MS, the whole request within SIPBOT_HTTP_REQUEST_TIMEOUT_MS
 * (Node answers 408 and closes), a silent socket is closed after SIPBOT_HTTP_IDLE_TIMEOUT_MS,
 * keep-alive sockets after SIPBOT_HTTP_KEEPALIVE_TIMEOUT_MS idle or
 * SIPBOT_HTTP_MAX_REQUESTS_PER_SOCKET requests, and no more than SIPBOT_HTTP_MAX_CONNECTIONS
 * sockets are open at once. Node checks the header and request timeouts on an interval
 * (30 s by default): a tenth of the shortest keeps the bound close to what is configured.
 */
export function limitedServer(env: Env): FastifyServerFactory {
  return (handler) => {
    const headersTimeout = env.SIPBOT_HTTP_HEADERS_TIMEOUT_MS;
    const requestTimeout = Math.max(env.SIPBOT_HTTP_REQUEST_TIMEOUT_MS, headersTimeout);
    const server = createServer(
      {
        headersTimeout,
        requestTimeout,
        keepAliveTimeout: env.SIPBOT_HTTP_KEEPALIVE_TIMEOUT_MS,
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.round(headersTimeout / 10))),
      },
      handler,
    );
    server.maxRequestsPerSocket = env.SIPBOT_HTTP_MAX_REQUESTS_PER_SOCKET;
    server.maxConnections = env.SIPBOT_HTTP_MAX_CONNECTIONS;
    server.setTimeout(env.SIPBOT_HTTP_IDLE_TIMEOUT_MS);
    return server;
  };
}

/**
 * onRequest hook: a webhook or Slack body (a few KB) must arrive within `ms` of its headers, or
 * the socket is closed. Signatures are checked only once the whole body is in, so without this
 * an unauthenticated half-sent body would hold a connection until the request timeout, which
 * has to be long for API uploads (those paths are skipped here).
 */
export function bodyTimeout(
  ms: number,
  skip: string[],
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (skip.includes(path) || request.raw.complete) return;
    const timer = setTimeout(() => {
      if (request.raw.complete) return;
      request.log.info({ path, ms }, 'request body too slow: connection closed');
      if (!reply.raw.headersSent) reply.raw.writeHead(408, { connection: 'close', 'content-type': 'application/json' });
      reply.raw.end(
        JSON.stringify({
          error: 'http.body_timeout',
          message: `The body did not arrive within ${ms} ms (SIPBOT_HTTP_BODY_TIMEOUT_MS).`,
        }),
      );
      request.raw.socket?.destroy();
    }, ms);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
  };
}
