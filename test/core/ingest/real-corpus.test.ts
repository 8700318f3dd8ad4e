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
  options?: {
    format?: string;
    tz?: string;
    map?: string;
    date_order?: 'mdy' | 'dmy';
    dateOrder?: 'mdy' | 'dmy';
    source?: string;
    default_country?: string;
  };
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
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
        out.push({
          name: relative(REAL, join(dir, data)),
          data: join(dir, data),
          expected: JSON.parse(readFileSync(p, 'utf8')) as Expected,
        });
      }
    }
  };
  walk(REAL);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function view(r: CallRow): Record<string, unknown> {
  return {
    call_id: r.call_id,
    start_time: new Date(r.start_ms).toISOString(),
    caller: r.caller,
    callee: r.callee,
    route: r.route,
    sip_code: r.sip_code,
    sip_reason: r.sip_reason,
  };
}

function want(c: ExpectedCall): Record<string, unknown> {
  const w: Record<string, unknown> = {
    call_id: c.call_id,
    start_time: new Date(Date.parse(c.start_time)).toISOString(),
    caller: c.caller,
    callee: c.callee,
    route: c.route,
    sip_code: c.sip_code,
  };
  if ('sip_reason' in c) w.sip_reason = c.sip_reason ?? null;
  return w;
}

/**
 * Only the fields an expected call names. A start written to the second (the file's own
 * start_epoch) is compared to the second: a source may give us the milliseconds too.
 */
function got(r: CallRow, c: ExpectedCall): Record<string, unknown> {
  const v = view(r);
  if (!/\.\d/.test(c.start_time)) v.start_time = new Date(Math.floor(r.start_ms / 1000) * 1000).toISOString();
  if (!('sip_reason' in c)) delete v.sip_reason;
  return v;
}

/**
 * The stored row an expected call names: among the unused rows with its call id (a call's
 * attempts share it), the one equal in every field, else the first (whose difference is shown).
 */
function rowFor(rows: readonly CallRow[], used: Set<CallRow>, c: ExpectedCall): CallRow | undefined {
  const same = rows.filter((r) => r.call_id === c.call_id && !used.has(r));
  const exact = same.find((r) => JSON.stringify(got(r, c)) === JSON.stringify(want(c)));
  const row = exact ?? same[0];
  if (row) used.add(row);
  return row;
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
      ...((o.date_order ?? o.dateOrder) ? { dateOrder: (o.date_order ?? o.dateOrder)! } : {}),
      ...(o.map ? { map: fieldMapOf(o.map) } : {}),
      ...(o.source ? { source: o.source } : {}),
    });
    // `auto`: no named format fits the file; any reading that stores the expected calls will do.
    expect({
      format: expected.format === 'auto' ? 'auto' : r.format,
      read: r.read,
      stored: r.stored,
      duplicates: r.duplicates,
      rejected: r.rejected,
    }).toEqual({
      format: expected.format,
      read: expected.read,
      stored: expected.stored,
      duplicates: expected.duplicates,
      rejected: expected.rejected,
    });
    expect(r.read).toBe(r.stored + r.duplicates + r.rejected);

    const rows = calls(ctx);
    expect(rows).toHaveLength(expected.calls.length);
    const used = new Set<CallRow>();
    for (const c of expected.calls) {
      const row = rowFor(rows, used, c);
      expect(row, `call ${c.call_id} (line ${c.line ?? '?'})`).toBeDefined();
      expect(got(row!, c), `call ${c.call_id} (line ${c.line ?? '?'})`).toEqual(want(c));
    }
    const rejected = rejectsOf(ctx).map((x) => x.line);
    if (expected.rejects) expect(rejected).toEqual(expected.rejects.map((x) => x.line).sort((a, b) => a - b));
  });
});
