import type { Ctx } from '../context.js';
import type { CallRecord } from '../core/call.js';
import type { WriteOutcome } from './call-writer.js';
import type { HttpMetrics } from './metrics.js';

/** What every route plugin of one server shares. Passed in, never a module singleton. */
export interface HttpDeps {
  ctx: Ctx;
  metrics: HttpMetrics;
  writer: CallSink;
}

/** Where a provider callback's call is stored: the writer thread in `serve`, a CallWriter on ctx.db otherwise. */
export interface CallSink {
  write(record: CallRecord): Promise<WriteOutcome>;
  close(): void;
}
