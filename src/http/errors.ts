import type { FastifyError, FastifyInstance } from 'fastify';
import { errorRef, isUserError } from '../errors.js';

/** The body of every error answer: a stable code and a sentence. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** An error that knows its HTTP status; thrown by route code for 4xx answers. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'http.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'http.too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'http.bad_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'http.bad_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'http.bad_body',
};

/**
 * One handler for every error: 4xx answers carry the cause; anything else is a bug, logged with
 * the request's logger and answered "something went wrong (ref abcd)".
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ error: err.code, message: err.message } satisfies ErrorBody);
    }
    if (isUserError(err)) {
      return reply.code(400).send({ error: err.code, message: err.message } satisfies ErrorBody);
    }
    if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_BUSY_SNAPSHOT') {
      // Another writer held the database past the busy timeout: nothing was stored; providers retry on 5xx.
      request.log.warn({ code: err.code }, 'database busy past the busy timeout');
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({
          error: 'db.busy',
          // An upload may have committed some chunks first; sent again, those count as duplicates.
          message: request.url.startsWith('/api/')
            ? 'The database is busy (another writer holds it). Send the upload again shortly: records already stored count as duplicates, nothing is lost.'
            : 'The database is busy; nothing was stored. Retry shortly.',
        } satisfies ErrorBody);
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = (err.code && FASTIFY_CODES[err.code]) ?? (status === 429 ? 'http.rate_limited' : 'http.bad_request');
      return reply.code(status).send({ error: code, message: err.message } satisfies ErrorBody);
    }
    const ref = errorRef();
    request.log.error({ err, ref }, 'request failed');
    return reply
      .code(status >= 500 ? status : 500)
      .send({ error: 'internal', message: `something went wrong (ref ${ref})` } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: 'http.not_found',
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
    } satisfies ErrorBody);
  });
}
