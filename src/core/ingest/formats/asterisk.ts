import { normKey } from '../aliases.js';
import type { Mapped } from '../types.js';
import type { FormatModule, Obj, Sample } from './format.js';

/**
 * Asterisk CDRs. cdr_csv Master.csv has no header and a fixed order (cdr/cdr_csv.c):
 * accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer,
 * end, duration, billsec, disposition, amaflags, then uniqueid (loguniqueid=yes), userfield
 * (loguserfield=yes) and the newcdrcolumns trio peeraccount, linkedid, sequence. cdr_custom,
 * cdr_adaptive_odbc and CDR-database exports (FreePBX) choose their own columns: read by header.
 */
const POSITIONS = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield', 'peeraccount', 'linkedid', 'sequence'];
export const ASTERISK_MIN_FIELDS = 16;
export const ASTERISK_MAX_FIELDS = 21;
const DISPOSITIONS = new Set(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION']);

function looksLikeMaster(row: readonly string[]): boolean {
  return row.length >= ASTERISK_MIN_FIELDS && row.length <= ASTERISK_MAX_FIELDS
    && DISPOSITIONS.has((row[14] ?? '').trim().toUpperCase()) && /^\d{4}-\d\d-\d\d/.test((row[9] ?? '').trim());
}

/**
 * The trunk a channel name points at: `PJSIP/telco-east-0000001a` -> `telco-east`,
 * `OOH323/avayaG700-1919` -> `avayaG700`. A Local/ channel is a dialplan hop and an all-digit peer
 * is an extension: neither is a route.
 */
export function trunkOfChannel(channel: string): string | undefined {
  const slash = channel.indexOf('/');
  if (slash < 0 || /^local$/i.test(channel.slice(0, slash))) return undefined;
  const peer = channel.slice(slash + 1).replace(/-[0-9a-f]{2,}(;\d+)?$/i, '');
  return peer === '' || /^\d+$/.test(peer) ? undefined : peer;
}

/** `PJSIP/15125550100@telco-east` or `SIP/telco-east/15125550100` (the Dial() string) -> `telco-east`. */
function trunkOfDial(lastdata: string): string | undefined {
  if (/^local\//i.test(lastdata)) return undefined;
  const m = /^[A-Za-z0-9]+\/[^@,&]*@([^,&/]+)/.exec(lastdata) ?? /^[A-Za-z0-9]+\/([^/,&]+)\/[^,&]+/.exec(lastdata);
  return m?.[1];
}

/** Without a SIP code in the userfield, the disposition: only outcomes that say which code. */
const DISPOSITION_STATUS: Readonly<Record<string, string>> = {
  ANSWERED: 'completed', BUSY: 'busy', 'NO ANSWER': 'no-answer', CONGESTION: 'congestion', '1': 'no-answer', '2': 'busy', '4': 'completed',
};

/** `"Alice" <2125550123>` -> `2125550123`. */
function numberOfClid(clid: string): string {
  const m = /<([^>]*)>/.exec(clid);
  return m ? m[1]! : clid;
}

/** A CDR by field name (cdr_csv names); works for positional rows and headed exports alike. */
function mapCdr(f: (name: string) => string): Mapped {
  const userfield = f('userfield');
  const disposition = f('disposition').toUpperCase();
  const codeText = /(?:^|\b)(?:SIP\s*)?([1-6]\d\d)\b(.*)$/i.exec(userfield);
  const status = DISPOSITION_STATUS[disposition];
  if (!codeText && !status) {
    return { kind: 'reject', error: `disposition ${disposition || '(empty)'} without a SIP code: log HANGUPCAUSE(<channel>,tech) into the userfield` };
  }
  const uniqueid = f('uniqueid');
  const dstchannel = f('dstchannel');
  const start = f('start') || f('calldate');
  return {
    kind: 'call',
    raw: {
      callId: uniqueid || undefined,
      // One calling channel's failover and forked dials share its uniqueid: each is its own row.
      attempt: uniqueid ? [dstchannel, f('lastdata'), disposition, start, f('sequence')].join('|') : undefined,
      start,
      caller: f('outbound_cnum') || f('src') || numberOfClid(f('clid')),
      callee: f('dst'),
      route: trunkOfChannel(dstchannel) ?? trunkOfDial(f('lastdata')),
      sipCode: codeText ? codeText[1] : undefined,
      sipReason: codeText ? codeText[2]!.trim() || undefined : undefined,
      duration: f('billsec') || f('duration'),
      status,
      campaign: f('accountcode') || undefined,
    },
  };
}

function mapPositional(row: readonly string[]): Mapped {
  if (row.length < ASTERISK_MIN_FIELDS || row.length > ASTERISK_MAX_FIELDS) {
    return { kind: 'reject', error: `expected ${ASTERISK_MIN_FIELDS}-${ASTERISK_MAX_FIELDS} Master.csv fields, found ${row.length}` };
  }
  return mapCdr((name) => {
    const i = POSITIONS.indexOf(name);
    return i < 0 ? '' : (row[i] ?? '').trim();
  });
}

/** Most of the first rows are Master.csv rows (the first may be cut: an excerpt, a rotated file). */
function masterRows(s: Sample): boolean {
  const rows = s.rows ?? [];
  return rows.length > 0 && rows.filter(looksLikeMaster).length * 2 > rows.length;
}

/** Headers that only Asterisk CDR exports have. */
const MARKERS = ['dstchannel', 'lastapp', 'lastdata', 'amaflags', 'dcontext'];

export const asterisk: FormatModule = {
  name: 'asterisk',
  events: false,
  ownColumns: true,
  detect(s) {
    if (s.container !== 'csv' && s.container !== 'ndjson' && s.container !== 'jsondoc') return false;
    if (s.container === 'csv' && masterRows(s)) return true;
    const names = s.norm ?? new Set([...s.keys].map(normKey));
    return MARKERS.filter((m) => names.has(m)).length >= 2 && names.has('disposition');
  },
  object(obj: Obj) {
    const byNorm = new Map(Object.entries(obj).map(([k, v]) => [normKey(k), v]));
    return mapCdr((name) => {
      const v = byNorm.get(name);
      return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
    });
  },
  row(_raw, cells) {
    return mapCdr((name) => (cells(name) ?? '').trim());
  },
  positional: { inSample: masterRows, map: mapPositional, minFields: ASTERISK_MIN_FIELDS, maxFields: ASTERISK_MAX_FIELDS },
};

/** One Master.csv row, for parseAsteriskRow. */
export const mapAsteriskRow = mapPositional;
