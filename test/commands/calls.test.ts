import { describe, expect, it } from 'vitest';
import { parseCallsText } from '../../commands/calls.js';
import { runAction, runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { decodeQuery, encodeQuery, csvFilename, type CallQuery } from '../../src/core/calls/query.js';
import { csvCell } from '../../src/core/calls/csv.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../src/core/demo/plants.js';
import type { Reply } from '../../src/reply.js';
import { insertCalls } from '../../src/store/calls.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = '2026-11-21T00:00:00Z';
const ctx = testCtx({ now: NOW });
generateDemo(ctx.db, { days: 8, callsPerDay: 4000, end: new Date(NOW), seed: 2, plant: [...DEFAULT_PLANTS] });
const env: CommandEnv = { ctx, invoker: { platform: 'slack', userId: 'U1', channelId: 'C1' } };

function table(r: Reply): { heading: string; rows: string[][] } {
  const t = r.blocks.find((b) => b.kind === 'table');
  if (t?.kind !== 'table') throw new Error('no table');
  return { heading: t.heading ?? '', rows: t.rows };
}

function csvRows(r: Reply): string[][] {
  const f = r.files?.find((x) => x.filename.endsWith('.csv'));
  if (!f) throw new Error('no csv');
  return f.content
    .toString()
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('/sip calls: parsing', () => {
  it.each([
    ['', {}],
    ['+12125550123', { subject: '+12125550123' }],
    ['(212) 555-0123 48h', { subject: '(212) 555-0123', since: '48h' }],
    ['sipline 603+ 7d', { subject: 'sipline', code: '603+', since: '7d' }],
    ['403', { code: '403' }],
    ['512', { subject: '512' }],
    ['region:403 24h', { subject: '403', since: '24h' }],
    ['code:608 telco-east all', { subject: 'telco-east', code: '608', all: 'yes' }],
  ])('%j', (text, args) => {
    expect(parseCallsText(text)).toEqual(args);
  });
});

describe('/sip calls: the reply', () => {
  it('a number: a page of its refused calls, newest first, with every column, and the whole set as a CSV', async () => {
    const r = await runText('calls +12125550123', env);
    expect(r.title).toBe('Refused calls from +12125550123, 2026-11-20 00:00 to 2026-11-21 00:00 UTC');
    const t = table(r);
    expect(t.heading).toMatch(/^1-15 of \d+, newest first \(2026\)$/);
    expect(t.rows).toHaveLength(15);
    const times = t.rows.map((row) => row[0]!);
    expect([...times].sort().reverse()).toEqual(times);
    expect(r.blocks[0]).toMatchObject({ columns: ['time (UTC)', 'callee', 'route', 'code', 'reason', 'call id'] });
    for (const row of t.rows) {
      expect(['403', '603', '607', '608']).toContain(row[3]);
      expect(row[5]).toMatch(/\S/);
    }
    const total = Number(/of (\d+)/.exec(t.heading)![1]);
    const csv = csvRows(r);
    expect(csv[0]).toEqual([
      'time_utc',
      'caller',
      'callee',
      'route',
      'sip_code',
      'sip_reason',
      'q850_cause',
      'call_id',
      'source',
      'region',
      'attempt',
    ]);
    expect(csv).toHaveLength(total + 1);
    expect(r.files![0]!.filename).toBe('calls-+12125550123-refused-20261120T0000Z-20261121T0000Z.csv');
    expect(r.buttons?.map((b) => b.label)).toEqual(['Older']);
  });

  it('Older and Newer page through the same calls without uploading the CSV again', async () => {
    const first = await runText('calls +12125550123', env);
    const older = await runAction('calls.page', first.buttons![0]!.value, env);
    expect(older.replaceOriginal).toBe(true);
    expect(older.files).toBeUndefined();
    expect(table(older).heading).toMatch(/^16-30 of /);
    expect(table(older).rows[0]![0]! <= table(first).rows.at(-1)![0]!).toBe(true);
    const newer = await runAction('calls.page', older.buttons!.find((b) => b.label === 'Newer')!.value, env);
    expect(table(newer).rows).toEqual(table(first).rows);
  });

  it('a route and a code narrow the list; a route answers with a Carrier ticket button', async () => {
    const r = await runText('calls sipline 403', env);
    expect(r.title).toMatch(/^Calls on sipline with 403, /);
    expect(table(r).rows.every((row) => row[3] === '403')).toBe(true);
    expect(
      csvRows(r)
        .slice(1)
        .every((row) => row[3] === 'sipline' && row[4] === '403'),
    ).toBe(true);
    expect(r.buttons?.some((b) => b.action === 'calls.ticket')).toBe(true);
    const plus = await runText('calls 603+ 7d', env);
    expect(table(plus).rows.every((row) => row[4] === '603' && /network blocked/i.test(row[5]!))).toBe(true);
  });

  it('no calls: one sentence, no file; a typo in a route names the known ones', async () => {
    const r = await runText('calls +19995550100', env);
    expect(r.files).toBeUndefined();
    expect(JSON.stringify(r.blocks)).toContain('No refused calls from +19995550100 between');
    await expect(runText('calls sipln', env)).rejects.toMatchObject({
      code: 'calls.unknown_route',
      hints: [expect.stringContaining('sipline')],
    });
    await expect(runText('calls +12125550123 5x', env)).rejects.toMatchObject({ code: 'calls.bad_since' });
    await expect(runAction('calls.page', 'garbage', env)).rejects.toMatchObject({ code: 'calls.bad_button' });
  });

  it('the carrier ticket: what, since when, how many, sample call ids, what was checked, with the CSV and the text attached', async () => {
    const from = Date.parse('2026-11-20T00:00:00Z');
    const to = Date.parse(NOW);
    const r = await runAction('calls.ticket', `sipline|${from.toString(36)}|${to.toString(36)}`, env);
    expect(r.title).toBe('Carrier ticket: sipline');
    const text = r.files!.find((f) => f.filename.endsWith('-ticket.txt'))!.content.toString();
    expect(text).toMatch(/^Subject: SIP refusals on our trunk "sipline" since 2026-11-\d\d \d\d:\d\d UTC/);
    expect(text).toMatch(/How many: [\d,]+ of [\d,]+ calls refused \(\d+%\)/);
    expect(text).toContain('403 Forbidden');
    const ids = csvRows(r)
      .slice(1, 11)
      .map((row) => row[7]);
    for (const id of ids) expect(text).toContain(`  ${id}  `);
    expect(text).toMatch(/Already checked on our side:\n {2}- .+/);
    expect(
      csvRows(r)
        .slice(1)
        .every((row) => row[3] === 'sipline'),
    ).toBe(true);
  });
});

describe('calls query and CSV', () => {
  it('a button value round-trips every field', () => {
    const q: CallQuery = {
      fromMs: 1_763_596_800_000,
      toMs: 1_763_683_200_000,
      subject: { kind: 'region', value: '876' },
      code: '603+',
      blocked: false,
      page: 3,
    };
    expect(decodeQuery(encodeQuery(q))).toEqual(q);
    expect(encodeQuery(q).length + 'calls.page'.length + 1).toBeLessThanOrEqual(100);
    expect(csvFilename(q)).toBe('calls-876-603plus-20251120T0000Z-20251121T0000Z.csv');
  });

  it.each([
    ['+12125550123', '+12125550123'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1+2', "'-1+2"],
    ['403 Forbidden, spam', '"403 Forbidden, spam"'],
    [null, ''],
  ])('csv cell %j -> %s', (v, out) => {
    expect(csvCell(v)).toBe(out);
  });

  it('a reason phrase with a comma and a quote survives the CSV', async () => {
    const c = testCtx({ now: NOW });
    insertCalls(c.db, [
      {
        source: 't',
        callId: 'q1',
        startMs: Date.parse('2026-11-20T10:00:00Z'),
        caller: '+12125550100',
        callee: '+15125550100',
        callerCountry: 'US',
        callerNpa: '212',
        callerState: 'NY',
        calleeCountry: 'US',
        calleeNpa: '512',
        calleeState: 'TX',
        calleeRegion: '512',
        route: 'x',
        sipCode: 403,
        sipReason: 'Forbidden, "spam"',
        q850Cause: 21,
        durationS: null,
        campaign: null,
        attestation: null,
        hangupSource: null,
        pddMs: null,
        progressCode: null,
      },
    ]);
    const r = await runText('calls', { ctx: c, invoker: env.invoker });
    expect(r.files![0]!.content.toString()).toContain(',"Forbidden, ""spam""",21,q1,t,512');
  });
});
