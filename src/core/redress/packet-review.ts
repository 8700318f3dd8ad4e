import { num } from '../analysis/stats.js';
import { contactLine, fieldLines, sampleLines } from './packet-text.js';
import type { Packet, PacketInput } from './types.js';

// As a carrier's how-to lists them (crexendo.help, "removal from robocall analytics"): Hiya's help
// centre, Submit a Request > Call Reputation Review; TNS's response centre.
const WHERE = {
  hiya: 'https://hiyahelp.zendesk.com (Submit a Request > Call Reputation Review)',
  tns: 'https://www.tnsresponsecenter.com',
} as const;

/** A Hiya or TNS review request: numbers, business, use case, calls per day, sample refused call times. */
export function reviewPacket(i: PacketInput, engine: 'hiya' | 'tns'): Packet {
  const p = i.profile;
  const useCase = i.campaigns.map((c) => `${c.campaign}${c.purpose ? ` (${c.purpose})` : ''}`).join(', ');
  const { lines, missing } = fieldLines([
    ['Numbers', i.number],
    ['Business', p.name],
    ['Website', p.url],
    ['Contact', contactLine(i)],
    ['Use case', useCase || Object.values(p.purposes)[0] || null],
    ['Calls per day', num(Math.round(i.callsPerDay))],
    ['CNAM', p.cnam],
  ]);
  const samples = sampleLines(i, 10);
  const text = [
    `Review request to ${engine === 'hiya' ? 'Hiya' : 'TNS'}: please review the label or block on ${i.number}.`,
    ...lines,
    `Refused: ${num(i.blocked)} of ${num(i.calls)} calls in the last ${i.days} days.`,
    ...(samples.length ? ['Sample refused calls (called numbers masked):', ...samples] : []),
  ].join('\n');
  return { engine, text, files: [], missing, where: WHERE[engine] };
}
