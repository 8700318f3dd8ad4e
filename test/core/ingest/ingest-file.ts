import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../../../src/context.js';
import { ingestStream, type IngestOptions } from '../../../src/core/ingest/index.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'cdr');

/** Ingests a fixture from test/fixtures/cdr with the real pipeline. */
export function ingestFixture(ctx: Ctx, name: string, opts: Partial<IngestOptions> = {}) {
  return ingestStream(ctx, createReadStream(join(FIXTURES, name)), { origin: name, ...opts });
}

export interface CallRow {
  source: string;
  call_id: string;
  start_ms: number;
  caller: string;
  callee: string;
  callee_region: string;
  callee_state: string | null;
  route: string;
  sip_code: number;
  sip_reason: string | null;
  q850_cause: number | null;
  duration_s: number | null;
  blocked: number;
  campaign: string | null;
  attestation: string | null;
  hangup_source: string | null;
  pdd_ms: number | null;
}

export function calls(ctx: Ctx): CallRow[] {
  return ctx.db.prepare('SELECT * FROM calls ORDER BY start_ms, id').all() as CallRow[];
}

export function rejectsOf(ctx: Ctx): Array<{ line: number; error: string; raw: string; origin: string }> {
  return ctx.db.prepare('SELECT line, error, raw, origin FROM rejects ORDER BY line').all() as never;
}
