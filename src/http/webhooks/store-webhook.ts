import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDeps } from '../deps.js';
import { dbOp } from '../../workers/ops.js';
import { webhookRecord, type Provider } from '../ingest-port.js';

export interface WebhookAnswer {
  stored: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string }>;
  ignored?: string;
}

/**
 * The common tail of every provider route, called only once the request is authentic: payload to
 * call, stored (group-committed) before the 2xx goes out. A retry of a stored event is a
 * duplicate and stores nothing. An authentic payload that is not a usable call is kept in
 * `rejects` and acknowledged, since a provider retry could not fix it.
 */
export async function storeWebhook(
  deps: HttpDeps,
  provider: Provider,
  payload: Record<string, unknown>,
  raw: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<WebhookAnswer> {
  const { ctx, metrics, writer } = deps;
  const now = ctx.clock.now().getTime();
  const made = webhookRecord(ctx, provider, payload);
  if (made.kind === 'skip') {
    request.log.debug({ provider }, 'webhook ignored: not a final call outcome');
    return { stored: 0, duplicates: 0, rejected: [], ignored: 'not a final call outcome' };
  }
  if (made.kind === 'reject') {
    await dbOp(ctx, 'recordRejects', [{ origin: `webhook:${provider}`, line: 1, error: made.error, raw, nowMs: now }]);
    metrics.count(provider, { stored: 0, duplicates: 0, rejected: 1 });
    request.log.warn({ provider, error: made.error }, 'webhook rejected');
    return { stored: 0, duplicates: 0, rejected: [{ line: 1, error: made.error }] };
  }
  const outcome = await writer.write(made.record);
  const stored = outcome === 'stored' ? 1 : 0;
  metrics.count(made.record.source, { stored, duplicates: 1 - stored, rejected: 0 });
  reply.code(200);
  return { stored, duplicates: 1 - stored, rejected: [] };
}
