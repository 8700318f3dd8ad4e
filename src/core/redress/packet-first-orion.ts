import { callPurpose, type CallPurpose } from './purposes.js';
import { tenDigits } from './packet-text.js';
import type { Packet, PacketInput } from './types.js';

/** First Orion takes at most 500 numbers per CSV upload. */
export const FIRST_ORION_MAX_ROWS = 500;

/** The number's purpose: its busiest campaign's purpose in the profile; with none, one purpose for every campaign. */
function purposeOf(i: PacketInput): CallPurpose | null {
  for (const c of i.campaigns) {
    const p = callPurpose(c.purpose);
    if (p) return p;
  }
  const all = Object.values(i.profile.purposes)
    .map(callPurpose)
    .filter((p): p is CallPurpose => p !== null);
  return all.length && all.every((p) => p === all[0]) ? all[0]! : null;
}

/**
 * First Orion's CSV upload: two columns, no header, `number,purpose`; numbers with their area code
 * (10 digits for NANP); at most 500 rows a file, so more numbers are split into several files.
 */
export function firstOrionCsv(rows: ReadonlyArray<{ number: string; purpose: CallPurpose }>): string[] {
  const files: string[] = [];
  for (let k = 0; k < rows.length; k += FIRST_ORION_MAX_ROWS) {
    // A purpose holds no comma or quote (the fixed list), so no CSV quoting is needed.
    files.push(
      rows
        .slice(k, k + FIRST_ORION_MAX_ROWS)
        .map((r) => `${tenDigits(r.number)},${r.purpose}\r\n`)
        .join(''),
    );
  }
  return files;
}

export function firstOrionPacket(i: PacketInput): Packet {
  const purpose = purposeOf(i);
  const missing = purpose ? [] : ["Call purpose (set the campaign's purpose with /sip redress profile)"];
  const files = purpose
    ? firstOrionCsv([{ number: i.number, purpose }]).map((csv, n) => ({
        filename: `first-orion-${tenDigits(i.number)}${n ? `-${n + 1}` : ''}.csv`,
        content: Buffer.from(csv),
        contentType: 'text/csv',
      }))
    : [];
  const text = [
    `First Orion upload for ${i.number}: ${purpose ? `\`${tenDigits(i.number)},${purpose}\`` : 'no call purpose known yet'}.`,
    'Customer Portal > Phone Numbers > Add Phone Numbers > Upload CSV (two columns, no header, at most 500 rows).',
    ...(i.campaigns.length
      ? [
          `Campaigns on this number: ${i.campaigns.map((c) => `${c.campaign} (${c.purpose ?? 'no purpose set'})`).join(', ')}.`,
        ]
      : []),
  ].join('\n');
  return { engine: 'first-orion', text, files, missing, where: 'https://portal.firstorion.com (Customer Portal)' };
}
