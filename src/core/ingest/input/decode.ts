import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../../../errors.js';

/** Decoded in small pieces: a string over ~128 KiB is born in V8's large-object space and lives until a full GC. */
const PIECE = 32 * 1024;

/**
 * Bytes to text: UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so (Excel's "Unicode text"
 * and Windows tools write it). UTF-16 without a BOM is refused with one sentence instead of
 * every line being rejected. Yields pieces of at most PIECE characters.
 */
export async function* decodeInput(input: AsyncIterable<Buffer | string>, origin: string): AsyncGenerator<string> {
  let decoder: StringDecoder | undefined;
  let swap = false;
  let first = true;
  let odd: Buffer | undefined;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      let s = chunk;
      if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
      for (let i = 0; i < s.length; i += PIECE) yield s.slice(i, i + PIECE);
      continue;
    }
    let buf = chunk;
    if (decoder === undefined) {
      if (buf.length < 4 && buf.length > 0) {
        // Too short to tell an encoding: wait for more (or the end).
        odd = odd ? Buffer.concat([odd, buf]) : buf;
        if (odd.length < 4) continue;
        buf = odd;
        odd = undefined;
      }
      ({ decoder, swap, buf } = chooseDecoder(buf, origin));
      first = false;
    }
    if (swap) {
      if (odd) {
        buf = Buffer.concat([odd, buf]);
        odd = undefined;
      }
      if (buf.length % 2) {
        odd = buf.subarray(buf.length - 1);
        buf = buf.subarray(0, buf.length - 1);
      }
      buf = Buffer.from(buf).swap16();
    }
    for (let i = 0; i < buf.length; i += PIECE) {
      const t = decoder.write(buf.subarray(i, i + PIECE));
      if (t) yield t;
    }
  }
  if (decoder === undefined) {
    // The whole input was shorter than four bytes.
    if (!odd) return;
    const c = chooseDecoder(odd, origin);
    decoder = c.decoder;
    const t = decoder.write(c.swap ? Buffer.from(c.buf.subarray(0, c.buf.length & ~1)).swap16() : c.buf);
    if (t) yield t;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

function chooseDecoder(buf: Buffer, origin: string): { decoder: StringDecoder; swap: boolean; buf: Buffer } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { decoder: new StringDecoder('utf8'), swap: false, buf: buf.subarray(3) };
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { decoder: new StringDecoder('utf16le'), swap: false, buf: buf.subarray(2) };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { decoder: new StringDecoder('utf16le'), swap: true, buf: buf.subarray(2) };
  if (looksUtf16(buf)) {
    throw new UserError(
      'ingest.utf16',
      `${origin} looks like UTF-16 text without a byte-order mark; convert it first: iconv -f UTF-16LE -t UTF-8 ${origin} > calls-utf8.csv`,
    );
  }
  return { decoder: new StringDecoder('utf8'), swap: false, buf };
}

/** Most of the first bytes alternate with NULs: ASCII written as UTF-16. */
function looksUtf16(buf: Buffer): boolean {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 8) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  return evenNul > half * 0.8 || oddNul > half * 0.8;
}
