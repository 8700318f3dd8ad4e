import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../deps.js';

/** GET /metrics: this server's Prometheus registry. */
export function registerMetrics({ metrics }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  };
}
