import { carrierPacket } from './packet-carrier.js';
import { firstOrionPacket } from './packet-first-orion.js';
import { freeCallerRegistryPacket } from './packet-fcr.js';
import { reviewPacket } from './packet-review.js';
import type { Packet, PacketInput } from './types.js';

/** The parties a blocked number can ask, in the documented order: ONE list. */
export const ENGINE_IDS = ['free-caller-registry', 'first-orion', 'hiya', 'tns', 'carrier'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export interface EngineDef {
  label: string;
  /** What the party asks for, as its own pages put it (docs/number-health.md quotes these). */
  asks: string;
  build(i: PacketInput): Packet;
}

export const ENGINES: Record<EngineId, EngineDef> = {
  'free-caller-registry': {
    label: 'Free Caller Registry (Hiya, TNS and First Orion in one form)',
    asks: 'numbers, call category, name, company phone, email, calling company name and address, URL, service provider, monthly call volume',
    build: freeCallerRegistryPacket,
  },
  'first-orion': {
    label: 'First Orion (T-Mobile)',
    asks: 'a CSV upload: two columns, no header, the number with its area code and a call purpose from its fixed list; at most 500 rows a file',
    build: firstOrionPacket,
  },
  hiya: {
    label: 'Hiya (AT&T, Samsung)',
    asks: 'a review request: numbers, business, use case, calls per day, sample refused call times',
    build: (i) => reviewPacket(i, 'hiya'),
  },
  tns: {
    label: 'TNS Call Guardian (Verizon and others)',
    asks: 'a review request: numbers, business, use case, calls per day, sample refused call times',
    build: (i) => reviewPacket(i, 'tns'),
  },
  carrier: {
    label: 'the terminating carrier (the 603+ contact)',
    asks: 'the calling number, sample called numbers (masked), times, codes and reason phrases, and every 603+ id',
    build: carrierPacket,
  },
};

export function isEngine(s: string): s is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(s);
}
