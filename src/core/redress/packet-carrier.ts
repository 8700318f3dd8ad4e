import { num } from '../analysis/stats.js';
import { contactLine, sampleLines } from './packet-text.js';
import type { Packet, PacketInput } from './types.js';

/**
 * The terminating carrier's redress request (the contact a 603+ Reason header names): the
 * calling number, sample called numbers masked, times, codes and reason phrases, and every 603+
 * `id`, which ATIS-1000099 lets the blocker require in the request.
 */
export function carrierPacket(i: PacketInput): Packet {
  const ids = [...new Set(i.contacts.map((c) => c.id).filter((x): x is string => !!x))];
  const to = i.contacts[0];
  const where = to ? (to.url ?? (to.email ? `mailto:${to.email}` : to.tel ? `tel:${to.tel}` : (to.card ?? ''))) : '';
  const missing: string[] = [];
  if (!where) missing.push("Carrier contact (no 603+ or 608 contact seen: ask the route's provider whom to write to)");
  const contact = contactLine(i);
  if (!contact) missing.push('Contact');
  const text = [
    `Redress request: calls from ${i.number} are being blocked.`,
    `Calling number: ${i.number}${i.profile.name ? ` (${i.profile.name}${i.profile.url ? `, ${i.profile.url}` : ''})` : ''}`,
    `Refused: ${num(i.blocked)} of ${num(i.calls)} calls in the last ${i.days} days, on ${i.routes.map((r) => `${r.route}${r.provider ? ` (${r.provider})` : ''}`).join(', ') || 'no route'}.`,
    ...(ids.length ? [`603+ ids: ${ids.join(', ')}`] : ['603+ ids: none received']),
    'Sample refused calls (UTC, called numbers masked):',
    ...sampleLines(i, 15),
    `Attestation of our calls: A ${num(i.attestation.A)}, B ${num(i.attestation.B)}, C ${num(i.attestation.C)}, not reported ${num(i.attestation.unknown)}.`,
    ...(contact ? [`Contact: ${contact}`] : []),
  ].join('\n');
  return { engine: 'carrier', text, files: [], missing, where };
}
