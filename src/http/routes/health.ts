import type { FastifyPluginAsync } from 'fastify';
import type { HttpDeps } from '../deps.js';
import { databaseHealth } from '../../store/health.js';

/**
 * GET /healthz: 200 when the database answers a query, else 503. In `serve` the query runs in
 * the quick thread every second (its heartbeat) and the probe answers from the latest one, so a
 * health check never queries on the event loop, never waits for a lock, and still fails when
 * the thread stops answering (a heartbeat older than 5 beats). Elsewhere it queries ctx.db.
 */
export function registerHealth({ ctx }: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async (_request, reply) => {
      const workers = ctx.workers;
      if (workers) {
        const beat = workers.lastHeartbeat();
        const ageMs = beat ? Math.round(performance.now() - beat.atMs) : Infinity;
        const round = (ms: number): number => Math.round(ms * 10) / 10;
        if (beat?.ok && ageMs <= 5 * workers.heartbeatMs) {
          return { ok: true, db: 'ok', migrations: beat.migrations, ms: round(beat.ms), checkedAgoMs: ageMs };
        }
        reply.code(503);
        return {
          ok: false,
          db: 'error',
          message: beat?.ok
            ? `the database thread has not answered for ${ageMs} ms`
            : (beat?.error ?? 'the database thread has not answered yet'),
        };
      }
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
