import { rawFromObject } from '../aliases.js';
import type { FormatName, Mapped, RawCall } from '../types.js';
import { pick, type Cells, type FormatModule, type Obj } from './format.js';

/**
 * One acc record (syslog key=value pairs or a row of the acc / missed_calls table). Only INVITE
 * transactions are call attempts. Forked branches of one call share its Call-ID and differ by
 * destination and To-tag (a missed 408 branch, then the 200 of another): the attempt is the
 * branch, so the answer is not taken for a duplicate of the miss. OpenSIPS's `created` is the
 * call's setup time; otherwise the transaction's `timestamp` / `time`.
 */
function mapAcc(raw: RawCall, get: (name: string) => string | undefined): Mapped {
  const method = get('method')?.trim();
  if (method !== undefined && method !== '' && method.toUpperCase() !== 'INVITE') {
    return { kind: 'skip', why: `${method.toUpperCase().slice(0, 20)} transaction: not a call attempt` };
  }
  delete raw.method;
  raw.start = get('created') ?? raw.start;
  const branch = [
    get('to_tag'),
    get('dst_ouser') ?? get('dst_user') ?? get('callee'),
    get('dst_domain'),
    get('du') ?? get('gw') ?? get('dst_ip'),
    raw.sipCode,
  ];
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
  return (
    /opensips/i.test(s.text) ||
    /ACC: [^:\n]*: [^\n]*\b(created|setuptime)=/.test(s.text) ||
    s.text.includes('ACC: call ended:')
  );
}

function isAccTable(norm: ReadonlySet<string> | undefined): boolean {
  return !!norm && norm.has('method') && (norm.has('fromtag') || norm.has('totag'));
}

const METHOD = /^(INVITE|BYE|CANCEL|ACK|OPTIONS|REGISTER|MESSAGE|NOTIFY|SUBSCRIBE|INFO|UPDATE|REFER|PRACK)$/;

/** db_flatstore / headerless acc rows: method, from_tag, to_tag, callid, sip_code, sip_reason, then time fields. */
function flatRows(s: { rows?: ReadonlyArray<readonly string[]> | undefined }): boolean {
  const rows = s.rows ?? [];
  return rows.length > 0 && rows.every((r) => r.length >= 7 && METHOD.test(r[0] ?? '') && /^\d{3}$/.test(r[4] ?? ''));
}

/**
 * OpenSIPS 3 flatstore writes `time, duration, created, setuptime, ms_duration` for a call that
 * was set up (11 fields) and only `created` for a failed one (7 fields): `created` is the start.
 */
function mapFlat(row: readonly string[]): Mapped {
  const f = (i: number): string | undefined => (row[i] ?? '').trim() || undefined;
  const obj: Record<string, string | undefined> = {
    method: f(0),
    to_tag: f(2),
    callid: f(3),
    sip_code: f(4),
    sip_reason: f(5),
    created: row.length >= 9 ? f(8) : f(6),
  };
  return fromObject(obj);
}

function acc(name: FormatName, opensips: boolean): FormatModule {
  return {
    name,
    ownColumns: true,
    detect: (s) =>
      (s.container === 'syslog' || isAccTable(s.norm) || (opensips && flatRows(s))) &&
      (isOpensips(s) || flatRows(s)) === opensips,
    object: fromObject,
    row: fromRow,
    ...(opensips
      ? {
          positional: { inSample: flatRows, map: mapFlat, fits: (row: readonly string[]) => flatRows({ rows: [row] }) },
        }
      : {}),
  };
}

/** Kamailio and OpenSIPS `acc`: syslog lines and the acc / missed_calls tables exported as CSV. */
export const kamailio = acc('kamailio', false);
export const opensips = acc('opensips', true);
