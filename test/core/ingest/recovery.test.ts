import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestStream, type IngestOptions } from '../../../src/core/ingest/index.js';
import { UserError } from '../../../src/errors.js';
import { testCtx } from '../../helpers/ctx.js';
import { calls, rejectsOf } from './ingest-file.js';

const HEADER = 'call_id,start_time,caller,callee,route,sip_code';
const row = (i: number): string =>
  `c-${i},${1795183200 + i},+12125550123,+1512555${String(i % 10_000).padStart(4, '0')},telco-east,${i % 7 === 0 ? 403 : 200}`;

function ingestText(text: string | Buffer, opts: Partial<IngestOptions> = {}, pieces = 65_536) {
  const ctx = testCtx();
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks = Array.from({ length: Math.ceil(buf.length / pieces) }, (_, i) =>
    buf.subarray(i * pieces, (i + 1) * pieces),
  );
  return { ctx, result: ingestStream(ctx, Readable.from(chunks), { origin: 'test', ...opts }) };
}

describe('a bad record costs only itself', () => {
  it('a stray quote opening a CSV field is one reject; every row after it is stored', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => row(i));
    rows[100] = 'c-100,1795183300,"+12125550123,+15125550100,telco-east,403';
    const { ctx, result } = ingestText([HEADER, ...rows].join('\n') + '\n');
    const r = await result;
    expect(r).toMatchObject({ read: 30_000, stored: 29_999, duplicates: 0, rejected: 1 });
    expect(r.rejects).toEqual([
      { line: 102, error: 'a " opens a field that does not close on this line (stray quote)' },
    ]);
    expect(rejectsOf(ctx)[0]!.raw).toBe(rows[100]);
  });

  it('a quoted field spanning lines is still one record', async () => {
    const { ctx, result } = ingestText(
      `${HEADER},sip_reason\nx1,1795183200,+12125550123,+15125550100,t,403,"Forbidden\n(caller id)"\n${row(2)},OK\n`,
    );
    expect(await result).toMatchObject({ read: 2, stored: 2 });
    expect(calls(ctx)[0]!.sip_reason).toBe('Forbidden\n(caller id)');
  });

  it('an unterminated string in a pretty-printed JSON array is one reject; the records after it are stored', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      call_id: `j-${i}`,
      start_time: 1795183200 + i,
      caller: '+12125550123',
      callee: '+15125550100',
      sip_code: 403,
    }));
    const lines = JSON.stringify(records, null, 2).split('\n');
    const at = lines.findIndex((l) => l.includes('"j-50"'));
    lines[at] = lines[at]!.replace('"j-50",', '"j-50,');
    const { ctx, result } = ingestText(lines.join('\n'));
    const r = await result;
    expect(r).toMatchObject({ read: 200, stored: 199, rejected: 1 });
    expect(r.rejects[0]!.error).toBe('unterminated JSON string (a line ends inside a quoted value)');
    expect(r.rejects[0]!.line).toBe(at);
    expect(calls(ctx).map((c) => c.call_id)).toContain('j-199');
  });

  it('an unterminated string in a JSON array written on one line is one reject; the records after it are stored', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({
      call_id: `o-${i}`,
      start_time: 1795183200 + i,
      caller: '+12125550123',
      callee: '+15125550100',
      sip_code: 200,
    }));
    const text = JSON.stringify(records).replace('"o-10",', '"o-10,');
    const r = await ingestText(text, {}, 4096).result;
    expect(r).toMatchObject({ read: 5000, stored: 4999, rejected: 1 });
  });

  it.each([
    ['csv', HEADER + '\n'],
    ['ndjson', ''],
  ])('a 20 MB line in %s is one reject with its line, in bounded memory; the rest is stored', async (kind, head) => {
    const good =
      kind === 'csv'
        ? [row(1), row(2)]
        : [1, 2].map((i) =>
            JSON.stringify({
              call_id: `n-${i}`,
              start_time: 1795183200 + i,
              caller: '+12125550123',
              callee: '+15125550100',
              sip_code: 403,
            }),
          );
    const big = kind === 'csv' ? 'x'.repeat(20 << 20) : `{"call_id":"${'x'.repeat(20 << 20)}"}`;
    const r = await ingestText(`${head}${good[0]}\n${big}\n${good[1]}\n`, {}, 1 << 20).result;
    expect(r).toMatchObject({ read: 3, stored: 2, rejected: 1 });
    expect(r.rejects[0]!.line).toBe(kind === 'csv' ? 3 : 2);
    expect(r.rejects[0]!.error).toMatch(/^line of 2097\d+ characters: longer than any call record/);
  });

  it('rejects a NUL inside a number, and a SIP code with trailing junk', async () => {
    const { ctx, result } = ingestText(
      `${HEADER}\na,1795183200,+1212555\u00000123,+15125550100,t,403\nb,1795183200,+12125550123,+15125550100,t,403abc\nc,1795183200,+12125550123,+15125550100,t,403\n`,
    );
    const r = await result;
    expect(r.rejects).toEqual([
      { line: 2, error: 'the caller number holds a control character' },
      { line: 3, error: '"403abc" is not a SIP code' },
    ]);
    expect(calls(ctx)).toHaveLength(1);
  });
});

describe('nothing vanishes, nothing collapses', () => {
  it('canonical rows with disposition ANSWERED and no SIP code are stored as 200, NO ANSWER as 480', async () => {
    const { ctx, result } = ingestText(
      'calldate,src,dst,disposition,uniqueid\n2026-11-20 10:00:00,2125550123,5125550100,ANSWERED,1.1\n2026-11-20 10:00:05,2125550123,5125550101,NO ANSWER,1.2\n',
      { format: 'csv' },
    );
    expect(await result).toMatchObject({ read: 2, stored: 2, rejected: 0 });
    expect(calls(ctx).map((c) => c.sip_code)).toEqual([200, 480]);
  });

  it('an export row with a status that is not an outcome is a reject, not passed over', async () => {
    const r = await ingestText(`start_time,caller,callee,status\n1795183200,+12125550123,+15125550100,ringing\n`)
      .result;
    expect(r).toMatchObject({ read: 1, rejected: 1 });
  });

  it('Asterisk rows sharing a uniqueid (failover to a second trunk) are two attempts', async () => {
    const a =
      '"acme","2125550123","15125550160","out","","PJSIP/agent-00000a1f","PJSIP/trunk-a-00000a20","Dial","PJSIP/15125550160@trunk-a,60","2026-11-20 18:00:01","","2026-11-20 18:00:02",1,0,"FAILED","DOCUMENTATION","1795197601.2591","SIP 503 Service Unavailable"';
    const b =
      '"acme","2125550123","15125550160","out","","PJSIP/agent-00000a1f","PJSIP/trunk-b-00000a21","Dial","PJSIP/15125550160@trunk-b,60","2026-11-20 18:00:02","2026-11-20 18:00:05","2026-11-20 18:01:00",58,55,"ANSWERED","DOCUMENTATION","1795197601.2591","SIP 200 OK"';
    const { ctx, result } = ingestText(`${a}\n${b}\n`);
    expect(await result).toMatchObject({ format: 'asterisk', read: 2, stored: 2, duplicates: 0 });
    expect(calls(ctx).map((c) => [c.call_id, c.route, c.sip_code])).toEqual([
      ['1795197601.2591', 'trunk-a', 503],
      ['1795197601.2591', 'trunk-b', 200],
    ]);
    const again = await ingestStream(ctx, Readable.from([`${a}\n${b}\n`]), { origin: 'again' });
    expect(again).toMatchObject({ stored: 0, duplicates: 2 });
  });

  it('Kamailio forked branches sharing a Call-ID keep the final 200', async () => {
    const text = [
      'ACC: call missed: timestamp=1795204805;method=INVITE;from_tag=f1;to_tag=;call_id=fork@10.0.0.1;code=408;reason=Request Timeout;src_user=12125550123;dst_user=15125550181;gw=telco-east',
      'ACC: transaction answered: timestamp=1795204809;method=INVITE;from_tag=f1;to_tag=t9;call_id=fork@10.0.0.1;code=200;reason=OK;src_user=12125550123;dst_user=15125550181;gw=telco-west',
    ].join('\n');
    const { ctx, result } = ingestText(text);
    expect(await result).toMatchObject({ format: 'kamailio', read: 2, stored: 2, duplicates: 0 });
    expect(calls(ctx).map((c) => [c.route, c.sip_code])).toEqual([
      ['telco-east', 408],
      ['telco-west', 200],
    ]);
  });

  it('call ids longer than 256 characters are kept whole, so two of them never collide', async () => {
    const long = 'x'.repeat(300);
    const { ctx, result } = ingestText(
      `${HEADER}\n${long}a,1795183200,+12125550123,+15125550100,t,403\n${long}b,1795183201,+12125550123,+15125550100,t,403\n`,
    );
    expect(await result).toMatchObject({ stored: 2, duplicates: 0 });
    expect(calls(ctx).map((c) => c.call_id.length)).toEqual([301, 301]);
  });
});

describe('what the file means', () => {
  it('reads a semicolon-separated export with day-first dates, the order told by one unambiguous date', async () => {
    const text =
      'call_id;start_time;caller;callee;sip_code\nd1;03/04/2026 10:00;+12125550123;+15125550100;403\nd2;27/04/2026 11:00;+12125550123;+15125550101;200\n';
    const { ctx, result } = ingestText(text);
    expect(await result).toMatchObject({ format: 'csv', read: 2, stored: 2, rejected: 0 });
    expect(calls(ctx).map((c) => new Date(c.start_ms).toISOString())).toEqual([
      '2026-04-03T10:00:00.000Z',
      '2026-04-27T11:00:00.000Z',
    ]);
  });

  it('rejects an ambiguous date, saying how to settle it, when nothing in the file does', async () => {
    const r = await ingestText(
      'call_id\tstart_time\tcaller\tcallee\tsip_code\nd1\t03/04/2026 10:00\t+12125550123\t+15125550100\t403\n',
    ).result;
    expect(r.rejects).toEqual([
      { line: 2, error: 'ambiguous date "03/04/2026 10:00": say --date-order mdy (US) or dmy' },
    ]);
  });
});

describe('encodings', () => {
  const text = `${HEADER}\n${row(1)}\n${row(2)}\n`;
  it('decodes UTF-16 little- and big-endian files with a byte-order mark', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await ingestText(le, {}, 7).result).toMatchObject({ format: 'csv', read: 2, stored: 2 });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(await ingestText(be, {}, 5).result).toMatchObject({ format: 'csv', read: 2, stored: 2 });
  });

  it('refuses UTF-16 without a byte-order mark with one sentence', async () => {
    const err = await ingestText(Buffer.from(text, 'utf16le')).result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(
      /looks like UTF-16 text without a byte-order mark; convert it first: iconv/,
    );
  });
});
