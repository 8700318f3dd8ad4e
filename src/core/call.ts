/**
 * A call attempt, normalised: what every format parser produces and what `calls` stores.
 * Times are epoch ms UTC; numbers E.164 where they parse.
 */
export interface CallRecord {
  source: string;
  callId: string;
  /** What tells this call's attempts apart (a failover's channel, a forked branch); '' or absent when the id is per attempt. */
  attempt?: string;
  startMs: number;
  caller: string;
  callee: string;
  callerCountry: string | null;
  callerNpa: string | null;
  callerState: string | null;
  calleeCountry: string | null;
  calleeNpa: string | null;
  calleeState: string | null;
  /** NANP area code, else ISO country, else '??'. */
  calleeRegion: string;
  route: string;
  sipCode: number;
  sipReason: string | null;
  q850Cause: number | null;
  durationS: number | null;
  campaign: string | null;
  attestation: string | null;
  hangupSource: string | null;
  pddMs: number | null;
  progressCode: number | null;
  /** The whole Reason header of the final response (RFC 3326; 603+ text AVPs), where the source kept it. */
  reasonHeader?: string | null;
  /** The Call-Info header of the final response (RFC 8688 on a 608), where the source kept it. */
  callInfo?: string | null;
}

/**
 * Refusals by policy, as the digest counts them: 403, 603 "Network Blocked" (603+, ATIS-1000099),
 * 607 and 608. A plain 603 Decline is the callee's choice and is not counted, unless its Reason
 * header is an ATIS analytics notice: a proxy that rewrote the phrase to "Decline" still passes the
 * notice on (FreeSWITCH's default, sip_603plus_passthrough unset).
 */
export function isBlocked(sipCode: number, sipReason: string | null, reasonHeader?: string | null): boolean {
  if (sipCode === 403 || sipCode === 607 || sipCode === 608) return true;
  if (sipCode !== 603) return false;
  return (
    (sipReason !== null && /network\s*blocked/i.test(sipReason)) ||
    (!!reasonHeader && /v=analytics\d/i.test(reasonHeader))
  );
}
