import type { CallRecord } from '../call.js';

/** Every `--format` value. `auto` detects from the content. */
export const FORMATS = [
  'csv',
  'ndjson',
  'json',
  'asterisk',
  'freeswitch',
  'kamailio',
  'opensips',
  'twilio',
  'telnyx',
  'signalwire',
  'bandwidth',
] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormatName(s: string): s is FormatName {
  return (FORMATS as readonly string[]).includes(s);
}

/** A value as a source wrote it; strings from text formats, numbers from JSON. */
export type Scalar = string | number | undefined | null;

/** A record mapped to our fields but not yet validated or normalised. */
export interface RawCall {
  callId?: Scalar;
  /** What tells this call's attempts apart, where its id is shared (see CallRecord.attempt). */
  attempt?: Scalar;
  start?: Scalar;
  caller?: Scalar;
  callee?: Scalar;
  route?: Scalar;
  sipCode?: Scalar;
  sipReason?: Scalar;
  q850?: Scalar;
  duration?: Scalar;
  durationMs?: Scalar;
  campaign?: Scalar;
  attestation?: Scalar;
  /** The whole Reason header (603+ notices carry their redress contact in it). */
  reasonHeader?: Scalar;
  /** The Call-Info header of a 608 (RFC 8688). */
  callInfo?: Scalar;
  hangupSource?: Scalar;
  pddMs?: Scalar;
  progressCode?: Scalar;
  /** When the call was answered (an export's answer time), used only when there is no SIP code or status. */
  answered?: Scalar;
  /** A provider's call status (`busy`, `no-answer`), used only when there is no SIP code. */
  status?: Scalar;
  /** SIP method, for acc records: only INVITE transactions are call attempts. */
  method?: Scalar;
}

/** What a format's mapper makes of one record. */
export type Mapped = { kind: 'call'; raw: RawCall } | { kind: 'reject'; error: string } | { kind: 'skip'; why: string };

/** What normalisation makes of one record. */
export type Normalized =
  | { kind: 'call'; record: CallRecord }
  | { kind: 'reject'; error: string }
  /** Not an attempt's outcome (a `ringing` callback, a BYE transaction): a webhook ignores it, a file rejects it. */
  | { kind: 'skip'; why: string };

export interface RejectInfo {
  line: number;
  error: string;
}

export interface IngestResult {
  format: string;
  /** Records read: stored + duplicates + rejected. Lines that are no record at all (other syslog messages) are not counted. */
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** The first rejects (at most 1000), with their line numbers; all are stored in `rejects`. */
  rejects: RejectInfo[];
  batchId: number;
}
