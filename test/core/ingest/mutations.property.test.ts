import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestStream, type IngestOptions } from '../../../src/core/ingest/index.js';
import type { FormatName } from '../../../src/core/ingest/types.js';
import { testCtx } from '../../helpers/ctx.js';

/**
 * Real files (test/fixtures/real, SOURCES.md) damaged the ways files get damaged: a stray quote,
 * a truncated line, a garbage line, a string left open, a byte-order mark, CRLF line ends. Two
 * properties: every record read is stored, a duplicate or a reject; and every record the damage
 * did not touch is stored. The oracle for "not touched" is the same file with the touched lines
 * removed instead of damaged.
 */
const REAL = join(import.meta.dirname, '..', '..', 'fixtures', 'real');

interface Fixture {
  name: string;
  text: string;
  format: FormatName;
  tz?: string;
  /** Lines before this one are a header (or a JSON document's opening line), left alone. */
  firstRecordLine: number;
}

function fixture(name: string, format: FormatName, firstRecordLine: number, tz?: string): Fixture {
  return { name, text: readFileSync(join(REAL, name), 'utf8'), format, firstRecordLine, ...(tz ? { tz } : {}) };
}

const FIXTURES: Fixture[] = [
  fixture('asterisk-custom/cdr-db-export-null-trunk.csv', 'csv', 1, 'America/New_York'),
  fixture('asterisk/stadion-pstn-Master.csv', 'asterisk', 0),
  fixture('asterisk/kafka-topic-sample-Master.csv', 'asterisk', 0, 'Asia/Krasnoyarsk'),
  fixture('opensips/tutorial-advanced-accounting.log', 'opensips', 0),
  fixture('dialers/vonage-list-calls.json', 'json', 1),
  fixture('dialers/plivo-call-list.json', 'json', 1),
  fixture('bandwidth/transfer-disconnect-hangup.json', 'bandwidth', 1),
];

type Mutation =
  | { kind: 'strayQuote' | 'truncate' | 'unterminated'; line: number; at: number }
  | { kind: 'garbage'; line: number; text: string }
  | { kind: 'bom' | 'crlf'; line?: undefined };

interface Damaged {
  text: string;
  /** The same file with the touched lines removed: what must still be stored. */
  oracle: string;
}

function damage(f: Fixture, m: Mutation): Damaged {
  const lines = f.text.split('\n');
  if (m.kind === 'bom') return { text: '\uFEFF' + f.text, oracle: f.text };
  if (m.kind === 'crlf') return { text: lines.join('\r\n'), oracle: f.text };
  const records = lines.length - f.firstRecordLine - (lines[lines.length - 1] === '' ? 1 : 0);
  let i = f.firstRecordLine + ((m.line ?? 0) % Math.max(1, records));
  // The line that opens a wrapper's records array (`"calls": [`) is left alone: damaged, it
  // hides the array itself, and that page's records with it (a known limit).
  while (f.name.endsWith('.json') && /"\s*:\s*\[/.test(lines[i] ?? '')) i++;
  const line = lines[i] ?? '';
  const without = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
  let changed: string;
  switch (m.kind) {
    case 'strayQuote': {
      // A quote opening the field that starts at or after `at`.
      const at = line.length === 0 ? 0 : m.at % line.length;
      const comma = line.indexOf(',', at);
      changed = comma < 0 ? `"${line}` : `${line.slice(0, comma + 1)}"${line.slice(comma + 1)}`;
      break;
    }
    case 'truncate':
      changed = line.slice(0, line.length === 0 ? 0 : m.at % line.length);
      break;
    case 'unterminated': {
      // The closing quote of a value removed: the string stays open to the line end.
      const q = line.lastIndexOf('"');
      changed = q < 0 ? line + ' "' : line.slice(0, q) + line.slice(q + 1);
      break;
    }
    case 'garbage':
      return { text: [...lines.slice(0, i), m.text, ...lines.slice(i)].join('\n'), oracle: f.text };
  }
  return { text: [...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n'), oracle: without };
}

async function ingest(f: Fixture, text: string, pieces: number) {
  const ctx = testCtx();
  const buf = Buffer.from(text);
  const chunks = Array.from({ length: Math.max(1, Math.ceil(buf.length / pieces)) }, (_, k) =>
    buf.subarray(k * pieces, (k + 1) * pieces),
  );
  const opts: IngestOptions = { origin: f.name, format: f.format, ...(f.tz ? { tz: f.tz } : {}) };
  const r = await ingestStream(ctx, Readable.from(chunks), opts);
  const rows = ctx.db
    .prepare(
      "SELECT call_id || '|' || attempt || '|' || start_ms || '|' || caller || '|' || callee || '|' || route || '|' || sip_code AS k FROM calls",
    )
    .pluck()
    .all() as string[];
  ctx.db.close();
  return { r, rows: new Set(rows) };
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('strayQuote' as const, 'truncate' as const, 'unterminated' as const),
    line: fc.nat(),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('garbage' as const),
    line: fc.nat(),
    text: fc.string({ maxLength: 80 }).filter((s) => !s.includes('\n') && !s.includes('\r')),
  }),
  fc.record({ kind: fc.constantFrom('bom' as const, 'crlf' as const) }),
);

const isJson = (f: Fixture): boolean => f.name.endsWith('.json');

describe('damaged real files (property)', () => {
  it('read = stored + duplicates + rejected, and every record the damage did not touch is stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        mutation,
        fc.constantFrom(7, 4096, 65_536),
        async (f, m, pieces) => {
          const d = damage(f, m);
          const hurt = await ingest(f, d.text, pieces);
          expect(hurt.r.read).toBe(hurt.r.stored + hurt.r.duplicates + hurt.r.rejected);
          if (isJson(f)) {
            // A damaged line of a pretty-printed record breaks that record, and only that one.
            const clean = await ingest(f, f.text, 65_536);
            const lost = [...clean.rows].filter((k) => !hurt.rows.has(k));
            expect(lost.length, `${f.name} ${JSON.stringify(m)}: lost ${lost.join(', ')}`).toBeLessThanOrEqual(
              m.line === undefined ? 0 : 1,
            );
            return;
          }
          const oracle = await ingest(f, d.oracle, 65_536);
          for (const k of oracle.rows) expect(hurt.rows.has(k), `${f.name} ${JSON.stringify(m)}: lost ${k}`).toBe(true);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  }, 120_000);

  it('a 20 MB line inserted anywhere is one reject (in a syslog, a line that is no record is passed over), and every record is still stored', async () => {
    const big = 'x'.repeat(20 << 20);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIXTURES.filter((f) => !isJson(f))), fc.nat(), async (f, line) => {
        const d = damage(f, { kind: 'garbage', line, text: big });
        const [hurt, clean] = [await ingest(f, d.text, 1 << 20), await ingest(f, f.text, 65_536)];
        const extra = f.name.endsWith('.log') ? 0 : 1;
        expect(hurt.r.read).toBe(clean.r.read + extra);
        expect(hurt.r.rejected).toBe(clean.r.rejected + extra);
        expect(hurt.rows).toEqual(clean.rows);
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
