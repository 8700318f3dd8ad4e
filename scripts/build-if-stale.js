#!/usr/bin/env node
// `npm start` and `npx sipbot` run from dist/. Even an incremental tsc costs 2-8 s on a small
// machine just to find nothing changed, so compare modification times first and run tsc only
// when a source, a bundled data file or a tsconfig is newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'commands', 'bench'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest mtime under `dir` of files tsc reads (.ts) or copies (data/*.json). */
function newest(dir, test) {
  // The folder's own mtime changes when a file is added, renamed or deleted.
  let max = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p, test));
    else if (test(e.name)) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

/** Whether anything tsc reads is newer than the last build's info file (or there is none). */
export function isStale(root = ROOT) {
  const stamp = join(root, 'dist', '.tsbuildinfo');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  // data/ also holds the databases, their WAL files and charts, which come and go at every start:
  // only its JSON files count, never the folder's own time.
  const data = join(root, 'data');
  let src = 0;
  if (existsSync(data))
    for (const n of readdirSync(data)) if (n.endsWith('.json')) src = Math.max(src, statSync(join(data, n)).mtimeMs);
  for (const d of SOURCES)
    if (existsSync(join(root, d)))
      src = Math.max(
        src,
        newest(join(root, d), (n) => n.endsWith('.ts')),
      );
  for (const f of FILES) if (existsSync(join(root, f))) src = Math.max(src, statSync(join(root, f)).mtimeMs);
  return src > built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!isStale() && !process.argv.includes('--force')) process.exit(0);
  const stamp = join(ROOT, 'dist', '.tsbuildinfo');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  // tsc leaves its build info alone when a touched file compiles to the same output: mark the
  // build as current so the next start does not run tsc again for nothing.
  if (r.status === 0 && existsSync(stamp)) utimesSync(stamp, new Date(), new Date());
  process.exit(r.status ?? 1);
}
