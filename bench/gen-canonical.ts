import { createWriteStream } from 'node:fs';
// The demo generator's PRNG (mulberry32), so every bench run reads the same file.
import { createRng } from '../src/core/demo/rng.js';
import { NPAS } from './history.js';

const ROUTES = ['telco-east', 'telco-west', 'sipline', 'voxroute', 'carrier-b'];
const INTL = ['+442071234', '+33142685', '+4930123', '+61290012', '+52555123'];
/** A dialer's outcome mix: [code, reason, q850, weight]. */
const OUTCOMES: ReadonlyArray<readonly [number, string, number, number]> = [
  [200, 'OK', 16, 52],
  [480, 'Temporarily Unavailable', 18, 14],
  [487, 'Request Terminated', 127, 10],
  [486, 'Busy Here', 17, 9],
  [404, 'Not Found', 1, 4],
  [403, 'Forbidden', 21, 4],
  [503, 'Service Unavailable', 41, 3],
  [603, 'Decline', 21, 2],
  [603, 'Network Blocked', 21, 1],
  [608, 'Rejected', 21, 1],
];
const TOTAL = OUTCOMES.reduce((s, o) => s + o[3], 0);

/**
 * Writes an n-row canonical CSV (canonical columns) of dialer traffic: 40 caller IDs, callees spread
 * over 21 NANP area codes with 5% international, five routes, one call every ~0.35 s (or, with
 * `shuffled`, at random times over a month; with `strayQuoteEvery`, a stray `"` in that many rows' caller).
 */
export async function writeCanonicalCsv(
  path: string,
  rows: number,
  seed = 42,
  opts: { shuffled?: boolean; strayQuoteEvery?: number } = {},
): Promise<void> {
  const r = createRng(seed);
  const callers = Array.from(
    { length: 40 },
    (_, i) => `+1${NPAS[i % NPAS.length]}555${String(1000 + i * 37).slice(-4)}`,
  );
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write('call_id,start_time,caller,callee,route,sip_code,sip_reason,q850_cause,duration\n');
  let t = Date.UTC(2026, 10, 1);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    // Shuffled: start times anywhere in the month, so inserts land all over the time indexes.
    t = opts.shuffled ? Date.UTC(2026, 10, 1) + Math.floor(r() * 30 * 86_400_000) : t + Math.floor(r() * 700);
    const callee =
      r() < 0.05
        ? INTL[Math.floor(r() * INTL.length)]! + String(100 + Math.floor(r() * 900))
        : `+1${NPAS[Math.floor(r() * NPAS.length)]}${2 + Math.floor(r() * 8)}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
    let pick = r() * TOTAL;
    let o = OUTCOMES[0]!;
    for (const x of OUTCOMES) {
      pick -= x[3];
      if (pick < 0) {
        o = x;
        break;
      }
    }
    const duration = o[0] === 200 ? Math.floor(5 + r() * 300) : 0;
    // A stray quote opening the caller field: the record that export tools mangle.
    const stray = opts.strayQuoteEvery && i % opts.strayQuoteEvery === opts.strayQuoteEvery - 1 ? '"' : '';
    buf += `dlr-${i.toString(36)}-${seed},${new Date(t).toISOString()},${stray}${callers[Math.floor(r() * callers.length)]},${callee},${ROUTES[Math.floor(r() * ROUTES.length)]},${o[0]},${o[1]},${o[2]},${duration}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}
