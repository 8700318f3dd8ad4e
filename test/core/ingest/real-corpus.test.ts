import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestStream } from '../../../src/core/ingest/index.js';
import { fieldMapOf } from '../../../src/core/ingest/field-map.js';
import { testCtx } from '../../helpers/ctx.js';
import { calls, rejectsOf, type CallRow } from './ingest-file.js';

/**
 * Every file of test/fixtures/real/ (records written by others; SOURCES.md says where each comes
 * from) through the real pipeline into real SQLite, checked against the `<name>.expected.json`
 * beside it: the detected format, the counts, every expected call's fields and every reject's line.
 */
const REAL = join(import.meta.dirname, '..', '..', 'fixtures', 'real');

interface ExpectedCall {
  line?: number;
  call_id: string;
  start_time: string;
  caller: string;
  callee: string;
  route: string;
  sip_code: number;
  sip_reason?: string | null;
}

interface Expected {
  format: string;
  options?: { format?: string; tz?: string; map?: string; date_order?: 'mdy' | 'dmy'; source?: string; default_country?: string };
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  skipped?: number;
  calls: ExpectedCall[];
  rejects?: Array<{ line: number; why: string }>;
}

function cases(): Array<{ name: string; data: string; expected: Expected }> {
  const out: Array<{ name: string; data: string; expected: Expected }> = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.expected.json')) {
        const base = e.name.slice(0, -'.expected.json'.length);
        const data = readdirSync(dir).find((f) => f.startsWith(base + '.') && !f.endsWith('.expected.json'));
        if (!data) throw new Error(`no data file for ${p}`);
        out.push({ name: relative(REAL, join(dir, data)), data: join(dir, data), expected: JSON.parse(readFileSync(p, 'utf8')) as Expected });
      }
    }
  };
  walk(REAL);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The stored row an expected call names: by call id, then by start and parties when a call has several attempts. */
function rowFor(rows: readonly CallRow[], c: ExpectedCall): CallRow | undefined {
  const same = rows.filter((r) => r.call_id === c.call_id);
  if (same.length <= 1) return same[0];
  return same.find((r) => r.start_ms === Date.parse(c.start_time) && r.callee === c.callee && r.caller === c.caller && r.sip_code === c.sip_code);
}

describe('real third-party records (test/fixtures/real)', () => {
  const all = cases();

  it('has the corpus', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s', async (_name, { data, expected }) => {
    const o = expected.options ?? {};
    const ctx = testCtx(o.default_country ? { env: { SIPBOT_DEFAULT_COUNTRY: o.default_country } } : {});
    const r = await ingestStream(ctx, createReadStream(data), {
      origin: data,
      format: (o.format ?? 'auto') as 'auto',
      ...(o.tz ? { tz: o.tz } : {}),
      ...(o.date_order ? { dateOrder: o.date_order } : {}),
      ...(o.map ? { map: fieldMapOf(o.map) } : {}),
      ...(o.source ? { source: o.source } : {}),
    });
    expect({ format: r.format, read: r.read, stored: r.stored, duplicates: r.duplicates, rejected: r.rejected }).toEqual({
      format: expected.format, read: expected.read, stored: expected.stored, duplicates: expected.duplicates, rejected: expected.rejected,
    });
    expect(r.read).toBe(r.stored + r.duplicates + r.rejected);
    if (expected.skipped !== undefined) expect(r.skipped).toBe(expected.skipped);

    const rows = calls(ctx);
    expect(rows).toHaveLength(expected.calls.length);
    for (const c of expected.calls) {
      const row = rowFor(rows, c);
      expect(row, `call ${c.call_id} (line ${c.line ?? '?'})`).toBeDefined();
      const got: Record<string, unknown> = {
        call_id: row!.call_id, start_time: new Date(row!.start_ms).toISOString(), caller: row!.caller, callee: row!.callee, route: row!.route, sip_code: row!.sip_code,
      };
      const want: Record<string, unknown> = {
        call_id: c.call_id, start_time: new Date(Date.parse(c.start_time)).toISOString(), caller: c.caller, callee: c.callee, route: c.route, sip_code: c.sip_code,
      };
      if ('sip_reason' in c) {
        got.sip_reason = row!.sip_reason;
        want.sip_reason = c.sip_reason ?? null;
      }
      expect(got, `call ${c.call_id} (line ${c.line ?? '?'})`).toEqual(want);
    }
    const rejected = rejectsOf(ctx).map((x) => x.line);
    if (expected.rejects) expect(rejected).toEqual(expected.rejects.map((x) => x.line).sort((a, b) => a - b));
  });
});
