/**
 * The ingest API used by the CLI and the HTTP server. Stable exports:
 * - ingestStream(ctx, input, { format, source, origin, onProgress }) -> IngestResult
 * - parseCallPayload(ctx, format, payload, { source }) -> Normalized (one webhook body)
 */
export { ingestStream, type IngestOptions } from './pipeline.js';
export { parseCallPayload } from './webhook.js';
export { normalizeCall, type NormalizeEnv } from './normalize.js';
export { detectFormat, sampleOf, sniffContainer, type Container } from './detect.js';
export { FORMAT_MODULES, formatModule } from './formats/index.js';
export { isZone, type DateOrder } from './time.js';
export {
  FORMATS,
  isFormatName,
  type FormatName,
  type IngestResult,
  type Normalized,
  type RawCall,
  type RejectInfo,
} from './types.js';
export { parseSipCode, parseTime, parseQ850 } from './values.js';
export { fieldMapOf } from './field-map.js';
export { printable } from './printable.js';
