import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../deps.js';
import { databaseHealth } from '../../store/health.js';

/** GET /healthz: 200 when the database answers a query, else 503. */
export function registerHealth({ ctx }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async (_request, reply) => {
      const started = performance.now();
      try {
        const db = databaseHealth(ctx.db);
        return {
          ok: true,
          db: 'ok',
          migrations: db.migrations,
          ms: Math.round((performance.now() - started) * 10) / 10,
        };
      } catch (e) {
        reply.code(503);
        return { ok: false, db: 'error', message: (e as Error).message };
      }
    });
  };
}
