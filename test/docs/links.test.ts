import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Relative link targets of a markdown file, code blocks left out (their brackets are not links). */
function links(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('docs links', () => {
  it.each(DOCS)('every relative link in %s resolves, anchors included', (doc) => {
    const broken: string[] = [];
    for (const target of links(readFileSync(join(ROOT, doc), 'utf8'))) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path ? resolve(ROOT, dirname(doc), path) : join(ROOT, doc);
      if (!existsSync(file)) broken.push(target);
      else if (anchor && file.endsWith('.md') && !anchors(file).has(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });

  it('README and CONTRIBUTING link every docs file', () => {
    const mds = DOCS.filter((d) => d.startsWith('docs/'));
    for (const page of ['README.md', 'CONTRIBUTING.md']) {
      const linked = new Set(links(readFileSync(join(ROOT, page), 'utf8')).map((t) => t.split('#')[0]));
      expect(
        mds.filter((d) => !linked.has(d)),
        page,
      ).toEqual([]);
    }
  });
});
