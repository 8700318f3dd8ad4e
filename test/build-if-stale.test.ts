import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JS build script, no types.
import { isStale } from '../scripts/build-if-stale.js';

const stale = isStale as (root: string) => boolean;

function tree(): { root: string; at: (p: string, s: number) => void } {
  const root = mkdtempSync(join(tmpdir(), 'sipbot-build-'));
  for (const d of ['src/cli', 'commands', 'data', 'dist']) mkdirSync(join(root, d), { recursive: true });
  // Creating a file touches its folder, which counts as a change (a file added): set both.
  const at = (p: string, s: number): void => {
    const f = join(root, p);
    writeFileSync(f, '');
    utimesSync(f, s, s);
    for (const d of ['src/cli', 'src', 'commands', 'data']) utimesSync(join(root, d), 1000, 1000);
  };
  return { root, at };
}

// `npm start` skips tsc when nothing tsc reads changed since the last build.
describe('build-if-stale', () => {
  it('builds when there is no build yet', () => {
    const { root, at } = tree();
    at('src/cli/main.ts', 1000);
    expect(stale(root)).toBe(true);
  });

  it('skips when every source is older than the build, and builds when one is newer', () => {
    const { root, at } = tree();
    at('src/cli/main.ts', 1000);
    at('data/sip-codes.json', 1000);
    at('tsconfig.json', 1000);
    at('dist/.tsbuildinfo', 2000);
    expect(stale(root)).toBe(false);
    at('src/cli/main.ts', 3000);
    expect(stale(root)).toBe(true);
  });

  it('databases, WAL files and charts created in data/ at every start do not count', () => {
    const { root, at } = tree();
    at('data/sip-codes.json', 1000);
    at('dist/.tsbuildinfo', 2000);
    writeFileSync(join(root, 'data', 'demo.db'), '');
    writeFileSync(join(root, 'data', 'demo.db-wal'), '');
    mkdirSync(join(root, 'data', 'charts'));
    writeFileSync(join(root, 'data', 'charts', 'digest.png'), '');
    expect(stale(root)).toBe(false);
  });

  it('a newer data file or tsconfig counts too; files tsc does not read do not', () => {
    const { root, at } = tree();
    at('dist/.tsbuildinfo', 2000);
    at('src/notes.md', 3000);
    expect(stale(root)).toBe(false);
    at('data/npa.json', 3000);
    expect(stale(root)).toBe(true);
    at('data/npa.json', 1000);
    at('tsconfig.build.json', 3000);
    expect(stale(root)).toBe(true);
  });
});
