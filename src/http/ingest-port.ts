/**
 * Where the HTTP layer meets the ingest code: one place to switch from the interim readers in
 * ./fallback/ to src/core/ingest once it exports ingestStream and the webhook payload readers.
 */
export { fallbackIngest as ingestBody, type BodyIngestResult } from './fallback/stream-ingest.js';
export { webhookRecord, type Provider, type WebhookRecord } from './fallback/webhook-records.js';
