import { num } from '../analysis/stats.js';
import { contactLine, fieldLines, tenDigits } from './packet-text.js';
import type { Packet, PacketInput } from './types.js';

/**
 * The Free Caller Registry form (freecallerregistry.com, one form reaching Hiya, TNS and First
 * Orion): numbers, call category, contact name, company phone, email, calling company name and
 * address, URL, service provider, monthly calls. Each line is one field of the form.
 */
export function freeCallerRegistryPacket(i: PacketInput): Packet {
  const p = i.profile;
  const category = i.campaigns.map((c) => c.purpose).find((x) => x) ?? Object.values(p.purposes)[0] ?? null;
  const providers = [...new Set(i.routes.map((r) => r.provider).filter((x): x is string => !!x))];
  const { lines, missing } = fieldLines([
    ['Phone numbers', tenDigits(i.number)],
    ['Call category', category],
    ['Contact name', p.contactName],
    ['Company phone', p.contactPhone],
    ['Email', p.contactEmail],
    ['Calling company name', p.name],
    ['Company address', p.address],
    ['Calling company URL', p.url],
    ['Service provider', providers.join(', ') || null],
    ['Monthly call volume', num(Math.round(i.callsPerDay * 30))],
  ]);
  const contact = contactLine(i);
  const text = [
    'Free Caller Registry: fill the form at https://www.freecallerregistry.com/fcr/ with these values.',
    ...lines,
    ...(contact ? [] : ['(No contact in the business profile: the registry answers there.)']),
  ].join('\n');
  return { engine: 'free-caller-registry', text, files: [], missing, where: 'https://www.freecallerregistry.com/fcr/' };
}
