import type { CallRecord } from '../call.js';

/** Every `--format` value of SPEC. `auto` detects from the content. */
export const FORMATS = [
  'csv', 'ndjson', 'json', 'asterisk', 'freeswitch', 'kamailio', 'opensips', 'twilio', 'telnyx', 'signalwire', 'bandwidth',
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
  hangupSource?: Scalar;
  pddMs?: Scalar;
  progressCode?: Scalar;
  /** A provider's call status (`busy`, `no-answer`), used only when there is no SIP code. */
  status?: Scalar;
  /** SIP method, for acc records: only INVITE transactions are call attempts. */
  method?: Scalar;
}

/** What a format's mapper makes of one record. */
export type Mapped =
  | { kind: 'call'; raw: RawCall }
  | { kind: 'reject'; error: string }
  | { kind: 'skip' };

/** What normalisation makes of one record. */
export type Normalized =
  | { kind: 'call'; record: CallRecord }
  | { kind: 'reject'; error: string }
  | { kind: 'skip' };

export interface RejectInfo {
  line: number;
  error: string;
}

export interface IngestResult {
  format: string;
  /** Call records read: stored + duplicates + rejected. Other syslog lines and skipped records are not counted. */
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Records that are not final outcomes (a `ringing` callback, a BYE transaction), passed over. */
  skipped: number;
  /** The first rejects (at most 1000), with their line numbers; all are stored in `rejects`. */
  rejects: RejectInfo[];
  batchId: number;
}
