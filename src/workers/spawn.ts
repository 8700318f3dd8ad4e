import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on one of this folder's entry files. Built, the entry is plain
 * JavaScript next to this file. Run from the TypeScript sources (vitest, the bench before a
 * build), Node 20 cannot load .ts in a worker by itself: the worker registers tsx's loader
 * first (a dev dependency; `--import` in a worker's execArgv does not reach its entry on Node 20).
 */
export function spawnWorker(entry: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const url = new URL(`./${entry}${fromSource ? '.ts' : '.js'}`, here).href;
  if (!fromSource) return new Worker(new URL(url), { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
