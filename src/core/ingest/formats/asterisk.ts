import { normKey } from '../aliases.js';
import { hasCanonicalFields } from './canonical.js';
import type { Mapped } from '../types.js';
import type { FormatModule, Obj, Sample } from './format.js';

/**
 * Asterisk CDRs. cdr_csv Master.csv has no header and a fixed order (cdr/cdr_csv.c):
 * accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer,
 * end, duration, billsec, disposition, amaflags, then uniqueid (loguniqueid=yes), userfield
 * (loguserfield=yes) and the newcdrcolumns trio peeraccount, linkedid, sequence. cdr_custom,
 * cdr_adaptive_odbc and CDR-database exports (FreePBX) choose their own columns: read by header.
 */
/** The headerless layouts seen in the wild, each told by where its disposition and start are. */
interface Layout {
  name: string;
  fields: readonly string[];
  min: number;
  max: number;
}
const LAYOUTS: readonly Layout[] = [
  // cdr_csv Master.csv (cdr/cdr_csv.c).
  {
    name: 'cdr_csv',
    min: 16,
    max: 21,
    fields: [
      'accountcode',
      'src',
      'dst',
      'dcontext',
      'clid',
      'channel',
      'dstchannel',
      'lastapp',
      'lastdata',
      'start',
      'answer',
      'end',
      'duration',
      'billsec',
      'disposition',
      'amaflags',
      'uniqueid',
      'userfield',
      'peeraccount',
      'linkedid',
      'sequence',
    ],
  },
  // cdr_custom's legacy mapping (configs/samples/cdr_custom.conf.sample).
  {
    name: 'cdr_custom',
    min: 15,
    max: 19,
    fields: [
      'clid',
      'src',
      'dst',
      'dcontext',
      'channel',
      'dstchannel',
      'lastapp',
      'lastdata',
      'start',
      'answer',
      'end',
      'duration',
      'billsec',
      'disposition',
      'amaflags',
      'accountcode',
      'uniqueid',
      'userfield',
      'sequence',
    ],
  },
  // FreePBX's asteriskcdrdb.cdr table dumped without a header.
  {
    name: 'freepbx',
    min: 16,
    max: 28,
    fields: [
      'calldate',
      'clid',
      'src',
      'dst',
      'dcontext',
      'channel',
      'dstchannel',
      'lastapp',
      'lastdata',
      'duration',
      'billsec',
      'disposition',
      'amaflags',
      'accountcode',
      'uniqueid',
      'userfield',
      'did',
      'recordingfile',
      'cnum',
      'cnam',
      'outbound_cnum',
      'outbound_cnam',
      'dst_cnam',
      'linkedid',
      'peeraccount',
      'sequence',
    ],
  },
];
const DISPOSITIONS = new Set(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION']);
const DATE = /^\d{4}-\d\d-\d\d|^\d{1,2}[/.]\d{1,2}[/.]\d{4}/;

function layoutOf(row: readonly string[]): Layout | undefined {
  return LAYOUTS.find((l) => {
    if (row.length < l.min || row.length > l.max) return false;
    const at = (name: string): string => (row[l.fields.indexOf(name)] ?? '').trim();
    return (
      DISPOSITIONS.has(at('disposition').toUpperCase()) &&
      DATE.test(at(l.fields.includes('start') ? 'start' : 'calldate'))
    );
  });
}

function looksLikeMaster(row: readonly string[]): boolean {
  return layoutOf(row) !== undefined;
}

/**
 * The peer a channel name points at: `PJSIP/telco-east-0000001a` -> `telco-east`,
 * `OOH323/avayaG700-1919` -> `avayaG700`. A Local/ channel is a dialplan hop, not a route.
 */
export function trunkOfChannel(channel: string): string | undefined {
  const slash = channel.indexOf('/');
  if (slash < 0 || /^local$/i.test(channel.slice(0, slash))) return undefined;
  const peer = channel.slice(slash + 1).replace(/-[0-9a-f]{2,}(;\d+)?$/i, '');
  return peer === '' ? undefined : peer;
}

/** `PJSIP/15125550100@telco-east` or `SIP/telco-east/15125550100` (the Dial() string) -> `telco-east`. */
function trunkOfDial(lastdata: string): string | undefined {
  if (/^local\//i.test(lastdata)) return undefined;
  const m = /^[A-Za-z0-9]+\/[^@,&]*@([^,&/]+)/.exec(lastdata) ?? /^[A-Za-z0-9]+\/([^/,&]+)\/[^,&]+/.exec(lastdata);
  return m?.[1];
}

/** Without a SIP code in the userfield, the disposition: only outcomes that say which code. */
const DISPOSITION_STATUS: Readonly<Record<string, string>> = {
  ANSWERED: 'completed',
  BUSY: 'busy',
  'NO ANSWER': 'no-answer',
  CONGESTION: 'congestion',
  '1': 'no-answer',
  '2': 'busy',
  '4': 'completed',
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
    return {
      kind: 'reject',
      error: `disposition ${disposition || '(empty)'} without a SIP code: log HANGUPCAUSE(<channel>,tech) into the userfield`,
    };
  }
  const uniqueid = f('uniqueid');
  const dstchannel = f('dstchannel');
  const start = f('start') || f('calldate');
  const sequence = f('sequence');
  return {
    kind: 'call',
    raw: {
      callId: uniqueid || undefined,
      // One calling channel's failover and forked dials share its uniqueid: each is its own row.
      attempt: uniqueid ? [dstchannel, f('lastdata'), disposition, start, sequence].join('|') : undefined,
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
  const layout = layoutOf(row);
  if (!layout) {
    const what =
      row.length < 16 || row.length > 21
        ? `found ${row.length} fields`
        : 'no disposition and start date where a known layout has them';
    return { kind: 'reject', error: `not an Asterisk CDR row (cdr_csv, cdr_custom or FreePBX order): ${what}` };
  }
  return mapCdr((name) => {
    const i = layout.fields.indexOf(name);
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
  ownColumns: true,
  detect(s) {
    if (s.container !== 'csv' && s.container !== 'ndjson' && s.container !== 'jsondoc') return false;
    if (s.container === 'csv' && masterRows(s)) return true;
    // A CDR database export with a header the canonical aliases read (calldate, src, dst,
    // disposition) is canonical CSV; only an Asterisk header they cannot read is taken here.
    const names = [...(s.header ?? s.keys)];
    const norm = new Set(names.map(normKey));
    return MARKERS.filter((m) => norm.has(m)).length >= 2 && norm.has('disposition') && !hasCanonicalFields(names);
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
  positional: { inSample: masterRows, map: mapPositional, fits: looksLikeMaster },
};
