import type { Mapped } from '../types.js';

/**
 * Asterisk cdr_csv Master.csv: no header, fixed order (cdr/cdr_csv.c): accountcode, src, dst,
 * dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
 * disposition, amaflags, then uniqueid (loguniqueid=yes), userfield (loguserfield=yes) and the
 * newcdrcolumns trio.
 */
export const ASTERISK_MIN_FIELDS = 16;
export const ASTERISK_MAX_FIELDS = 21;
const DISPOSITIONS = new Set(['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION']);

export function looksLikeAsterisk(row: readonly string[]): boolean {
  return row.length >= ASTERISK_MIN_FIELDS && row.length <= ASTERISK_MAX_FIELDS
    && DISPOSITIONS.has((row[14] ?? '').trim().toUpperCase()) && /^\d{4}-\d\d-\d\d/.test(row[9] ?? '');
}

/** `PJSIP/telco-east-0000001a` -> `telco-east`; `SIP/carrier-00000a3f` -> `carrier`. */
export function trunkOfChannel(channel: string): string | undefined {
  const slash = channel.indexOf('/');
  if (slash < 0) return undefined;
  const res = channel.slice(slash + 1).replace(/-[0-9a-f]{8}(;\d+)?$/i, '');
  return res === '' ? undefined : res;
}

/** `PJSIP/15125550100@telco-east` (the Dial() string) -> `telco-east`. */
function trunkOfDial(lastdata: string): string | undefined {
  const m = /^[A-Za-z]+\/[^@,&]*@([^,&/]+)/.exec(lastdata) ?? /^[A-Za-z]+\/([^/,&]+)\/[^,&]+/.exec(lastdata);
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

export function mapAsteriskRow(row: readonly string[]): Mapped {
  if (row.length < ASTERISK_MIN_FIELDS || row.length > ASTERISK_MAX_FIELDS) {
    return { kind: 'reject', error: `expected ${ASTERISK_MIN_FIELDS}-${ASTERISK_MAX_FIELDS} Master.csv fields, found ${row.length}` };
  }
  const f = (i: number): string => (row[i] ?? '').trim();
  const userfield = f(17);
  const disposition = f(14).toUpperCase();
  const codeText = /(?:^|\b)(?:SIP\s*)?([1-6]\d\d)\b(.*)$/i.exec(userfield);
  const status = DISPOSITION_STATUS[disposition];
  if (!codeText && !status) {
    return { kind: 'reject', error: `disposition ${disposition || '(empty)'} without a SIP code: log HANGUPCAUSE(<channel>,tech) into the userfield` };
  }
  return {
    kind: 'call',
    raw: {
      callId: f(16) || undefined,
      start: f(9),
      caller: f(1) || numberOfClid(f(4)),
      callee: f(2),
      route: trunkOfChannel(f(6)) ?? trunkOfDial(f(8)),
      sipCode: codeText ? codeText[1] : undefined,
      sipReason: codeText ? codeText[2]!.trim() || undefined : undefined,
      duration: f(13),
      status,
      campaign: f(0) || undefined,
    },
  };
}
