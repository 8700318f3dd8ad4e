import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from './errors.js';

/**
 * Passes bytes through and fails the stream once more than `max` have gone by: the limit for
 * streamed bodies, which fastify's bodyLimit does not see (it applies only to bodies it buffers).
 */
export class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      done(tooLarge(this.max));
      return;
    }
    done(null, chunk);
  }
}

export function tooLarge(max: number): HttpError {
  return new HttpError(
    413,
    'http.too_large',
    `Body over the ${formatBytes(max)} limit (SIPBOT_API_MAX_BODY_MB); split the upload.`,
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${n} bytes`;
}
