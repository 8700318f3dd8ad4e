import type { ListedCall } from '../../store/call-list.js';

/** The columns of a calls CSV: what a carrier's NOC asks for in a ticket. */
export const CSV_HEADER = [
  'time_utc',
  'caller',
  'callee',
  'route',
  'sip_code',
  'sip_reason',
  'q850_cause',
  'call_id',
  'source',
  'region',
  'attempt',
] as const;

/**
 * The call id as a page shows it: suffixed `#n/m` only when m attempts share it (an Asterisk
 * failover, forked branches), so rows that look identical are told apart; the CSV has `attempt`.
 */
export function shownCallId(c: ListedCall): string {
  return c.attempts !== undefined && c.attempts > 1 ? `${c.callId} #${c.attemptNo}/${c.attempts}` : c.callId;
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  // Caller numbers start with '+': keep them readable, guard only what is not a plain number.
  if (/^[=@]/.test(s) || (/^[+-]/.test(s) && !/^[+-]?\d+$/.test(s))) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(c: ListedCall): string {
  return (
    [
      new Date(c.startMs).toISOString(),
      c.caller,
      c.callee,
      c.route,
      c.sipCode,
      c.sipReason,
      c.q850Cause,
      c.callId,
      c.source,
      c.region,
      c.attempt,
    ]
      .map(csvCell)
      .join(',') + '\n'
  );
}

/** The whole CSV in memory: for a chat attachment, whose row count the caller has bounded. */
export function callsCsv(rows: Iterable<ListedCall>): { csv: string; rows: number } {
  const parts = [CSV_HEADER.join(',') + '\n'];
  let n = 0;
  for (const r of rows) {
    parts.push(csvLine(r));
    n++;
  }
  return { csv: parts.join(''), rows: n };
}
