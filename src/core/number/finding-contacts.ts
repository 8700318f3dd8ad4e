import type { Db } from '../../store/db.js';
import { redressContacts } from '../../store/number-health.js';

/** A 603+ / 608 redress contact as a number finding's evidence carries it. */
export interface ContactEvidence {
  route: string;
  code: number;
  url?: string;
  tel?: string;
  email?: string;
  id?: string;
  location?: string;
  card?: string;
  calls: number;
}

/**
 * The redress contacts a number's refusals carried in a window (ATIS-1000099 603+ AVPs, RFC 8688
 * cards), for a number finding's evidence: whom to ask is then part of the finding itself.
 */
export function contactEvidence(db: Db, number: string, fromMs: number, toMs: number, limit = 5): ContactEvidence[] {
  return redressContacts(db, number, fromMs, toMs, limit).map((c) => ({
    route: c.route,
    code: c.sipCode,
    ...(c.url ? { url: c.url } : {}),
    ...(c.tel ? { tel: c.tel } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.id ? { id: c.id } : {}),
    ...(c.location ? { location: c.location } : {}),
    ...(c.card ? { card: c.card } : {}),
    calls: c.calls,
  }));
}

/** One line for a finding's text: `603+ contact on east: https://... (id BLK-9), 40 refusals`. */
export function contactLine(c: ContactEvidence): string {
  const how = [c.url, c.tel, c.email, c.card].filter(Boolean).join(', ');
  return `${c.code === 608 ? '608' : '603+'} contact on ${c.route}: ${how}${c.id ? ` (id ${c.id})` : ''}, ${c.calls} refusal${c.calls === 1 ? '' : 's'}`;
}
