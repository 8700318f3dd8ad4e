import type { Ctx } from '../context.js';
import type { CallWriter } from './call-writer.js';
import type { HttpMetrics } from './metrics.js';

/** What every route plugin of one server shares. Passed in, never a module singleton. */
export interface HttpDeps {
  ctx: Ctx;
  metrics: HttpMetrics;
  writer: CallWriter;
}
