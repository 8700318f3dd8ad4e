import type { FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Readable } from 'node:stream';
import { bearerAuth } from '../api-auth.js';
import { ByteLimit, tooLarge } from '../byte-limit.js';
import type { HttpDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { ingestBody } from '../ingest-port.js';

/** Content types the API reads, to the format they declare. Other formats need ?format=. */
const FORMAT_BY_TYPE: Record<string, string> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/json': 'json',
};
/** Accepted only with an explicit ?format= (syslog lines, Asterisk Master.csv...). */
const PLAIN_TYPES = ['text/plain', 'application/octet-stream'];

/** The response lists at most this many rejects; the header X-Sipbot-Rejected-Total has them all. */
const MAX_LISTED_REJECTS = 1000;

function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

interface Query {
  format?: string;
  source?: string;
  /** The zone of times written without one (like `sipbot ingest --tz`); overrides the token's. */
  tz?: string;
}

/** Longest ?source= (it names the route of calls without one, and labels /metrics). */
export const MAX_SOURCE_LENGTH = 64;

/**
 * One value each, short, printable: `?source=a&source=b` or a 10 KB name is a 400, never a
 * surprise deeper down (fastify's validator refuses an array for a string).
 */
const QUERY_SCHEMA = {
  type: 'object',
  properties: {
    format: { type: 'string', minLength: 1, maxLength: 32 },
    source: { type: 'string', minLength: 1, maxLength: MAX_SOURCE_LENGTH, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$' },
    tz: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

/**
 * POST /api/v1/calls: an authenticated, streamed upload of call records in any ingest format.
 * Answers {stored, duplicates, rejected:[{line, error}]}; a partly bad body stores the good
 * records. Encapsulated: its stream parsers, auth hook and rate limit apply to this route only.
 */
export function registerApi(deps: HttpDeps): FastifyPluginAsync {
  const { ctx, metrics } = deps;
  const env = ctx.config.env;
  const maxBytes = Math.round(env.SIPBOT_API_MAX_BODY_MB * 1024 * 1024);
  return async (api) => {
    // Hand the body over as the raw request stream: the ingest parsers read it as it arrives.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser([...Object.keys(FORMAT_BY_TYPE), ...PLAIN_TYPES], (_request, payload, done) =>
      done(null, payload),
    );

    api.addHook('onRequest', bearerAuth(ctx));
    api.addHook('onRequest', async (request) => {
      const length = Number(request.headers['content-length']);
      if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes);
    });
    await api.register(rateLimit, {
      max: env.SIPBOT_API_RATE_LIMIT,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => `token:${request.tokenName ?? request.ip}`,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'http.rate_limited',
        message: `Over ${context.max} uploads a minute for this token; retry in ${Math.ceil(context.ttl / 1000)} s (SIPBOT_API_RATE_LIMIT).`,
      }),
    });

    api.post<{ Querystring: Query }>(
      '/api/v1/calls',
      { schema: { querystring: QUERY_SCHEMA } },
      async (request, reply) => {
        const type = essence(request.headers['content-type']);
        const format = request.query.format ?? FORMAT_BY_TYPE[type];
        if (!format) {
          throw new HttpError(
            415,
            'http.unsupported_media_type',
            `Content-Type ${type} needs ?format=NAME (e.g. ?format=asterisk).`,
          );
        }
        const body = request.body as Readable | undefined;
        if (!body)
          throw new HttpError(400, 'http.bad_body', 'Empty body: send call records as CSV, NDJSON or a JSON array.');
        const limited = body.pipe(new ByteLimit(maxBytes));
        body.on('error', (e) => limited.destroy(e));
        const origin = `api:${request.tokenName ?? '?'}`;
        // ?tz= names this upload's zone; without it the token's own (`token create --tz`), else UTC.
        const tz = request.query.tz ?? request.tokenTz;
        const receivedAt = performance.now() - reply.elapsedTime;
        const result = await ingestBody(ctx, limited, {
          format,
          source: request.query.source,
          tz,
          origin,
          receivedAt,
        });
        metrics.count(result.source, {
          stored: result.stored,
          duplicates: result.duplicates,
          rejected: result.rejected,
        });
        request.log.info(
          {
            tokenName: request.tokenName,
            format: result.format,
            stored: result.stored,
            duplicates: result.duplicates,
            rejected: result.rejected,
          },
          'api ingest',
        );
        reply.header('x-sipbot-rejected-total', String(result.rejected));
        return {
          stored: result.stored,
          duplicates: result.duplicates,
          rejected: result.rejects.slice(0, MAX_LISTED_REJECTS).map((r) => ({ line: r.line, error: r.error })),
        };
      },
    );
  };
}
