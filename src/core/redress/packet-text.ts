import type { PacketInput } from './types.js';

/** `+12125550123` -> `+1212555XXXX`: a called party's number is theirs, not ours to share whole. */
export function maskNumber(n: string): string {
  const digits = n.replace(/\D/g, '');
  if (digits.length < 7) return n.replace(/\d/g, 'X');
  return n.slice(0, -4) + 'XXXX';
}

/** `+12125550123` -> `2125550123` (NANP numbers as the US parties' forms take them: 10 digits). */
export function tenDigits(n: string): string {
  const d = n.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** `Name: value` lines, with `(missing: set it in the business profile)` where the value is empty. */
export function fieldLines(fields: Array<[string, string | null | undefined]>): { lines: string[]; missing: string[] } {
  const missing: string[] = [];
  const lines = fields.map(([k, v]) => {
    if (v === null || v === undefined || v.trim() === '') {
      missing.push(k);
      return `${k}: (missing: set it with /sip redress profile)`;
    }
    return `${k}: ${v}`;
  });
  return { lines, missing };
}

export function contactLine(i: PacketInput): string | null {
  const p = i.profile;
  const parts = [p.contactName, p.contactEmail, p.contactPhone].filter((x): x is string => !!x);
  return parts.length ? parts.join(', ') : null;
}

/** The refused calls quoted in a review request: time, masked callee, route, code and phrase, 603+ id. */
export function sampleLines(i: PacketInput, max = 10): string[] {
  return i.samples
    .slice(0, max)
    .map(
      (s) =>
        `${utc(s.startMs)}  to ${maskNumber(s.callee)}  via ${s.route}  ${s.sipCode}${s.sipReason ? ` ${s.sipReason}` : ''}${s.redressId ? `  id=${s.redressId}` : ''}`,
    );
}
