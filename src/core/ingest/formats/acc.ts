import { rawFromObject } from '../aliases.js';
import type { FormatName, Mapped, RawCall } from '../types.js';
import { pick, type Cells, type FormatModule, type Obj } from './format.js';

/**
 * One acc record (syslog key=value pairs or a row of the acc / missed_calls table). Only INVITE
 * transactions are call attempts; the others are passed over. Forked branches of one call share its Call-ID and differ by
 * destination and To-tag (a missed 408 branch, then the 200 of another): the attempt is the
 * branch, so the answer is not taken for a duplicate of the miss. OpenSIPS's `created` is the
 * call's setup time; otherwise the transaction's `timestamp` / `time`.
 */
function mapAcc(raw: RawCall, get: (name: string) => string | undefined): Mapped {
  const method = get('method')?.trim();
  // A BYE or CANCEL transaction is not an attempt: passed over (counted as such), not a reject.
  if (method !== undefined && method !== '' && method.toUpperCase() !== 'INVITE') return { kind: 'skip' };
  delete raw.method;
  raw.start = get('created') ?? raw.start;
  const branch = [get('to_tag'), get('dst_ouser') ?? get('dst_user') ?? get('callee'), get('dst_domain'), get('du') ?? get('gw') ?? get('dst_ip'), raw.sipCode];
  raw.attempt = branch.map((x) => String(x ?? '').trim()).join('|');
  return { kind: 'call', raw };
}

function fromObject(obj: Obj): Mapped {
  return mapAcc(rawFromObject(obj), (name) => pick(obj, name));
}

function fromRow(raw: RawCall, cells: Cells): Mapped {
  return mapAcc(raw, (name) => {
    const v = cells(name);
    return v === undefined || v.trim() === '' ? undefined : v;
  });
}

/** OpenSIPS writes `created` / `setuptime` (CDR accounting) and `ACC: call ended:` lines; Kamailio does not. */
function isOpensips(s: { text: string; norm?: ReadonlySet<string> | undefined }): boolean {
  if (s.norm) return s.norm.has('setuptime') || s.norm.has('created');
  return /opensips/i.test(s.text) || /ACC: [^:\n]*: [^\n]*\b(created|setuptime)=/.test(s.text) || s.text.includes('ACC: call ended:');
}

function isAccTable(norm: ReadonlySet<string> | undefined): boolean {
  return !!norm && norm.has('method') && (norm.has('fromtag') || norm.has('totag'));
}

function acc(name: FormatName, opensips: boolean): FormatModule {
  return {
    name,
    events: false,
    ownColumns: true,
    detect: (s) => (s.container === 'syslog' || isAccTable(s.norm)) && isOpensips(s) === opensips,
    object: fromObject,
    row: fromRow,
  };
}

/** Kamailio and OpenSIPS `acc`: syslog lines and the acc / missed_calls tables exported as CSV. */
export const kamailio = acc('kamailio', false);
export const opensips = acc('opensips', true);
