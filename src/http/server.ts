import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Ctx } from '../context.js';
import { CallWriter } from './call-writer.js';
import { bodyTimeout, limitedServer } from './limits.js';
import { installErrorHandler } from './errors.js';
import { createMetrics } from './metrics.js';
import { registerApi } from './routes/api-calls.js';
import { registerHealth } from './routes/health.js';
import { registerMetrics } from './routes/metrics.js';
import type { CallSink, HttpDeps } from './deps.js';
import { registerWebhooks } from './webhooks/routes.js';

export type HttpPlugin = (app: FastifyInstance) => void | Promise<void>;

export interface HttpServerOptions {
  /**
   * Mounted before listen, each in its own encapsulated context: a plugin may register its own
   * content-type parsers (Bolt needs the raw body of POST /slack/events) without touching ours.
   */
  plugins?: HttpPlugin[];
}

/**
 * The one HTTP server: ingest API, provider webhooks, health and metrics, plus whatever the chat
 * adapters mount. Built, not listening: call `listen` (or use startHttpServer).
 */
export async function buildHttpServer(ctx: Ctx, opts: HttpServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'http' }) as FastifyBaseLogger,
    // Webhooks are small; the ingest API sets its own, larger limit and streams.
    bodyLimit: 1024 * 1024,
    // Behind a proxy the client IP comes from X-Forwarded-For.
    trustProxy: true,
    // Per-request lines only at debug: at 1,000 webhooks a second they would be most of the output.
    logController: new LogController({
      disableRequestLogging: ctx.config.env.SIPBOT_LOG_LEVEL !== 'debug' && ctx.config.env.SIPBOT_LOG_LEVEL !== 'trace',
    }),
    // Header, request, idle and keep-alive timeouts and the connection cap (src/http/limits.ts).
    serverFactory: limitedServer(ctx.config.env),
  });
  const metrics = createMetrics();
  const deps: HttpDeps = { ctx, metrics, writer: callSink(ctx) };

  app.addHook('onClose', async () => deps.writer.close());
  installErrorHandler(app);
  app.addHook('onRequest', bodyTimeout(ctx.config.env.SIPBOT_HTTP_BODY_TIMEOUT_MS, ['/api/v1/calls']));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    request.log.debug({ status: reply.statusCode, route, ms: Math.round(reply.elapsedTime) }, 'request done');
  });

  await app.register(registerHealth(deps));
  await app.register(registerMetrics(deps));
  await app.register(registerApi(deps));
  await app.register(registerWebhooks(deps));
  for (const plugin of opts.plugins ?? []) {
    await app.register(async (scope) => {
      await plugin(scope);
    });
  }
  await app.ready();
  return app;
}

/** The writer thread in `serve`; elsewhere a group-committing writer on ctx.db. */
function callSink(ctx: Ctx): CallSink {
  const workers = ctx.workers;
  if (workers) return { write: (record) => workers.write(record), close: () => undefined };
  return new CallWriter(ctx.db);
}

/** Builds the server and listens on config.host:config.port; logs the address. */
export async function startHttpServer(ctx: Ctx, opts: HttpServerOptions = {}): Promise<FastifyInstance> {
  const app = await buildHttpServer(ctx, opts);
  const address = await app.listen({ host: ctx.config.host, port: ctx.config.port });
  ctx.log.info({ address }, `http listening on ${address}`);
  return app;
}
