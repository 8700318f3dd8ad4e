import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { dbOp } from '../workers/ops.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token's name once the bearer token checked out. */
    tokenName?: string;
    /** The token's zone for zone-less times (`sipbot token create --tz`), if it has one. */
    tokenTz?: string;
  }
}

/**
 * onRequest hook for the ingest API: `Authorization: Bearer <token>` or 401. Runs before the body
 * is read, so an unauthenticated upload costs nothing. Last use is written at most once a minute
 * per token (kept in memory), so the hot path stays read-only.
 */
export function bearerAuth(ctx: Ctx): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const lastTouch = new Map<string, number>();
  return async (request, reply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      reply.header('www-authenticate', 'Bearer realm="sipbot"');
      throw new HttpError(
        401,
        'auth.missing_token',
        'Send Authorization: Bearer <token>; create one with: sipbot token create NAME',
      );
    }
    const found = await dbOp(ctx, 'findToken', match[1]!);
    if (!found) {
      reply.header('www-authenticate', 'Bearer realm="sipbot", error="invalid_token"');
      throw new HttpError(401, 'auth.bad_token', 'Unknown or revoked token.');
    }
    const name = found.name;
    request.tokenName = name;
    if (found.tz !== null) request.tokenTz = found.tz;
    const now = ctx.clock.now().getTime();
    if ((lastTouch.get(name) ?? 0) < now - 60_000) {
      lastTouch.set(name, now);
      // Not awaited: last-used is informational; busy under a bulk ingest is never a reason to refuse.
      dbOp(ctx, 'touchToken', name, now).catch((e: unknown) =>
        request.log.debug({ err: e }, 'token last-used not updated'),
      );
    }
  };
}
