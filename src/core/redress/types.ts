import type { BusinessProfile } from '../../store/redress.js';
import type { ContactRow, RefusedSample } from '../../store/number-health.js';
import type { ReplyFile } from '../../reply.js';

/** Everything a packet is filled from: the number's own data and the business profile. */
export interface PacketInput {
  number: string;
  profile: BusinessProfile;
  /** Calls per day over the window, and per month at that pace. */
  callsPerDay: number;
  days: number;
  calls: number;
  blocked: number;
  /** Routes that refused it, most refusals first, with the provider the profile names for each. */
  routes: Array<{ route: string; provider: string | null; calls: number; blocked: number }>;
  /** Campaigns its calls carried, with the call purpose the profile gives each (null: none given). */
  campaigns: Array<{ campaign: string; calls: number; purpose: string | null }>;
  samples: RefusedSample[];
  contacts: ContactRow[];
  /** Attestation of its calls: A/B/C counts and how many calls said nothing. */
  attestation: { A: number; B: number; C: number; unknown: number };
}

/** A prepared request: what to paste or upload, and what the profile still lacks. */
export interface Packet {
  engine: string;
  /** The text a person reads, fills in or pastes. */
  text: string;
  /** Files to upload as they are (First Orion's CSV). */
  files: ReplyFile[];
  /** Fields the party asks for that the profile does not have yet. */
  missing: string[];
  /** The form or address to send it to. */
  where: string;
}
