import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { silentLogger } from '../../src/log.js';
import { openDb } from '../../src/store/db.js';

/** A context over a fresh in-memory database with the real migrations and a manual clock. */
export function testCtx(opts: { now?: string; env?: Record<string, string> } = {}): Ctx & { clock: ManualClock } {
  const config = loadConfig({ SIPBOT_DB: ':memory:', ...opts.env });
  return {
    db: openDb(':memory:'),
    clock: new ManualClock(new Date(opts.now ?? '2026-11-21T12:00:00Z')),
    log: silentLogger,
    config,
  };
}
