import type { Ctx } from '../context.js';
import { markInterruptedImports } from '../store/ingest-batches.js';

/** Whether a process id is alive on this machine (a signal 0 probe). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Imports left `running` by a process that died mid-file (a killed `ingest`, a server stopped
 * during an upload) become `interrupted`. Both `sipbot ingest` and `sipbot serve` call it at start:
 * a server that only takes API uploads may never see a CLI ingest.
 */
export function markDeadImports(ctx: Pick<Ctx, 'db' | 'clock'>): number {
  return markInterruptedImports(ctx.db, alive, ctx.clock.now().getTime());
}
